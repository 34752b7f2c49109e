<?php
/**
 * REST routes for the connector, namespace `wc-sage-woo-sync/v1`. A namespace starting with
 * `wc-` lets WooCommerce's REST authentication accept the store's API keys there
 * (WC_REST_Authentication::is_request_to_rest_api(): "Allow third party plugins use our
 * authentication methods"), with the key's read/write permission checked per method; the
 * routes themselves need manage_woocommerce.
 *
 * - GET  /status                      {plugin, contract, features[], woocommerce, bulk: {limit}}
 * - POST /products/bulk               updates of products and variations (includes/bulk.php)
 * - POST /orders/{id}/invoice?invoice=FA00012
 *        body: the PDF, raw (Content-Type: application/pdf, Content-Disposition: attachment;
 *        filename="facture-FA00012.pdf") or multipart/form-data (field `file`). Stores or
 *        replaces the order's invoice (the same invoice sent twice: one file, the last), and
 *        answers the contract record {mediaId: 0, url, invoice, storage, filename, size, sha256,
 *        uploaded, replaced}.
 * - GET  /orders/{id}/invoice         the record, 404 sws_no_invoice when none.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/** REST namespace of the plugin. */
const SWS_REST_NAMESPACE = 'wc-sage-woo-sync/v1';

/**
 * What this plugin version does, for the connector's feature detection.
 *
 * @return string[]
 */
function sws_features() {
	return array( 'prices', 'quantity-tiers', 'depot-stock', 'identity', 'order-statuses', 'on-account', 'invoices', 'bulk' );
}

/**
 * Permission of every route: a shop manager (the connector's API key user).
 *
 * @return true|WP_Error
 */
function sws_rest_can_manage() {
	if ( current_user_can( 'manage_woocommerce' ) ) {
		return true;
	}
	return new WP_Error(
		'sws_rest_forbidden',
		__( 'Sorry, you are not allowed to do that.', 'sage-woo-sync' ),
		array( 'status' => rest_authorization_required_code() )
	);
}

/**
 * The order of a route, or a 404 error.
 *
 * @param WP_REST_Request $request Request.
 * @return WC_Order|WP_Error
 */
function sws_rest_order( $request ) {
	$order = wc_get_order( (int) $request['id'] );
	if ( ! $order instanceof WC_Order ) {
		return new WP_Error( 'sws_invalid_order', __( 'Invalid order ID.', 'sage-woo-sync' ), array( 'status' => 404 ) );
	}
	return $order;
}

/**
 * The PDF of an upload: raw body or multipart field `file`, with its file name.
 *
 * @param WP_REST_Request $request Request.
 * @return array{content: string, filename: string}|WP_Error
 */
function sws_rest_uploaded_pdf( $request ) {
	$files = $request->get_file_params();
	if ( ! empty( $files['file'] ) && is_array( $files['file'] ) ) {
		$upload = $files['file'];
		if ( ! empty( $upload['error'] ) || empty( $upload['tmp_name'] ) || ! is_uploaded_file( $upload['tmp_name'] ) ) {
			return new WP_Error( 'sws_invoice_upload', __( 'The uploaded file could not be read.', 'sage-woo-sync' ), array( 'status' => 400 ) );
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- PHP's temporary upload.
		$content = file_get_contents( $upload['tmp_name'] );
		return array(
			'content'  => false === $content ? '' : $content,
			'filename' => (string) ( $upload['name'] ?? '' ),
		);
	}
	$type = strtolower( trim( explode( ';', (string) $request->get_header( 'content_type' ) )[0] ) );
	if ( 'application/pdf' !== $type ) {
		return new WP_Error( 'sws_invoice_content_type', __( 'Send the PDF with Content-Type: application/pdf, or as multipart/form-data field "file".', 'sage-woo-sync' ), array( 'status' => 415 ) );
	}
	$filename    = '';
	$disposition = $request->get_header( 'content_disposition' );
	if ( is_string( $disposition ) && class_exists( 'WP_REST_Attachments_Controller' ) ) {
		$filename = (string) WP_REST_Attachments_Controller::get_filename_from_disposition( array( $disposition ) );
	}
	return array(
		'content'  => (string) $request->get_body(),
		'filename' => $filename,
	);
}

/**
 * POST /orders/{id}/invoice.
 *
 * @param WP_REST_Request $request Request.
 * @return WP_REST_Response|WP_Error
 */
function sws_rest_upload_invoice( $request ) {
	$order = sws_rest_order( $request );
	if ( is_wp_error( $order ) ) {
		return $order;
	}
	$pdf = sws_rest_uploaded_pdf( $request );
	if ( is_wp_error( $pdf ) ) {
		return $pdf;
	}
	$filename = '' !== (string) $request['filename'] ? (string) $request['filename'] : $pdf['filename'];
	$record   = sws_invoice_store( $order, $pdf['content'], (string) $request['invoice'], $filename );
	return is_wp_error( $record ) ? $record : rest_ensure_response( $record );
}

/**
 * GET /orders/{id}/invoice.
 *
 * @param WP_REST_Request $request Request.
 * @return WP_REST_Response|WP_Error
 */
function sws_rest_get_invoice( $request ) {
	$order = sws_rest_order( $request );
	if ( is_wp_error( $order ) ) {
		return $order;
	}
	$file = sws_invoice_file( $order );
	if ( null === $file ) {
		return new WP_Error( 'sws_no_invoice', __( 'This order has no invoice yet.', 'sage-woo-sync' ), array( 'status' => 404 ) );
	}
	$record           = sws_invoice_record( $order, $file );
	$record['exists'] = is_readable( $file['path'] );
	return rest_ensure_response( $record );
}

add_action(
	'rest_api_init',
	static function () {
		register_rest_route(
			SWS_REST_NAMESPACE,
			'/status',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'permission_callback' => 'sws_rest_can_manage',
				'callback'            => static function () {
					return rest_ensure_response(
						array(
							'plugin'      => SWS_PLUGIN_VERSION,
							'contract'    => SWS_CONTRACT_VERSION,
							'features'    => sws_features(),
							'woocommerce' => defined( 'WC_VERSION' ) ? WC_VERSION : '',
							// The bulk route (includes/bulk.php): items per request.
							'bulk'        => array( 'limit' => sws_bulk_limit() ),
						)
					);
				},
			)
		);
		register_rest_route(
			SWS_REST_NAMESPACE,
			'/orders/(?P<id>[\d]+)/invoice',
			array(
				'args' => array(
					'id' => array(
						'description' => __( 'Order ID.', 'sage-woo-sync' ),
						'type'        => 'integer',
					),
				),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'permission_callback' => 'sws_rest_can_manage',
					'callback'            => 'sws_rest_get_invoice',
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'permission_callback' => 'sws_rest_can_manage',
					'callback'            => 'sws_rest_upload_invoice',
					'args'                => array(
						'invoice'  => array(
							'description' => __( 'Sage invoice number.', 'sage-woo-sync' ),
							'type'        => 'string',
							'required'    => true,
							'pattern'     => '^[A-Za-z0-9._-]{1,40}$',
						),
						'filename' => array(
							'description' => __( 'File name the customer downloads (default: from Content-Disposition, else facture-<invoice>.pdf).', 'sage-woo-sync' ),
							'type'        => 'string',
						),
					),
				),
			)
		);
	}
);
