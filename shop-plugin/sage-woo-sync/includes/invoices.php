<?php
/**
 * Invoices only for their customer. The connector uploads each invoice PDF through the REST
 * route of rest.php; the file is kept outside the public URL space and served by PHP only,
 * after a capability check:
 *
 * - storage: `SWS_INVOICE_DIR` (wp-config.php constant: an absolute folder, best above the web
 *   root) or else `wp-content/uploads/`; inside it a folder `sws-invoices-<random key>` (option
 *   sws_invoice_folder_key) protected by .htaccess / web.config deny rules and an index.php,
 *   each file named by a random token. Servers that ignore .htaccess (nginx, PHP's built-in
 *   server) would serve a file whose full URL is known: the folder key and the file token are
 *   random and never shown anywhere (readme.txt has the nginx rule);
 * - the order keeps the file's place in the private meta `_sws_invoice_file` and the
 *   connector's contract meta `sage_invoice_pdf` = {mediaId: 0, url, invoice, storage,
 *   filename, size} (filter sws_invoice_pdf_meta_key), `url` being the protected download;
 * - download: `<home>/?sws_invoice=<order id>`, for the order's customer (view_order) and shop
 *   managers (manage_woocommerce); anyone else, visitors included, gets a 403;
 * - My Account: a link under the order details and an "Invoices" tab listing the invoices.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/** Private order meta: where the file is. */
const SWS_INVOICE_FILE_META = '_sws_invoice_file';
/** My Account endpoint key (its URL slug is `invoices`). */
const SWS_INVOICES_ENDPOINT = 'sws-invoices';
/** Query variable of the download URL. */
const SWS_INVOICE_QUERY_VAR = 'sws_invoice';

/**
 * The contract meta key of the invoice link (the connector's `orders.meta.invoicePdf`).
 *
 * @return string
 */
function sws_invoice_pdf_meta_key() {
	/**
	 * Filters the order meta key of the invoice link; must equal the connector's
	 * `orders.meta.invoicePdf` (default sage_invoice_pdf).
	 *
	 * @param string $key Meta key.
	 */
	return (string) apply_filters( 'sws_invoice_pdf_meta_key', 'sage_invoice_pdf' );
}

/**
 * The storage roots: `custom` (SWS_INVOICE_DIR) and `uploads`.
 *
 * @param string $kind 'custom' or 'uploads'.
 * @return string Absolute folder without trailing slash, '' when unavailable.
 */
function sws_invoice_root( $kind ) {
	if ( 'custom' === $kind ) {
		return defined( 'SWS_INVOICE_DIR' ) && is_string( SWS_INVOICE_DIR ) && '' !== SWS_INVOICE_DIR
			? untrailingslashit( SWS_INVOICE_DIR )
			: '';
	}
	$uploads = wp_upload_dir( null, false );
	return empty( $uploads['basedir'] ) ? '' : untrailingslashit( $uploads['basedir'] );
}

/**
 * The folder new invoices go to, relative to its root: `sws-invoices-<random key>`.
 *
 * @return string
 */
function sws_invoice_folder() {
	$key = get_option( 'sws_invoice_folder_key', '' );
	if ( ! is_string( $key ) || ! preg_match( '/^[a-f0-9]{32}$/', $key ) ) {
		$key = bin2hex( random_bytes( 16 ) );
		update_option( 'sws_invoice_folder_key', $key, false );
	}
	return 'sws-invoices-' . $key;
}

/**
 * Creates the folder with its deny rules and silent index.
 *
 * @param string $dir Absolute folder.
 * @return bool
 */
function sws_invoice_prepare_folder( $dir ) {
	if ( ! wp_mkdir_p( $dir ) ) {
		return false;
	}
	$guards = array(
		'.htaccess'  => "# Sage Woo Sync: invoices are served by PHP only.\n<IfModule mod_authz_core.c>\n\tRequire all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n\tOrder deny,allow\n\tDeny from all\n</IfModule>\n",
		'web.config' => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration><system.webServer><authorization><deny users=\"*\" /></authorization></system.webServer></configuration>\n",
		'index.php'  => "<?php\n// Silence is golden.\n",
	);
	foreach ( $guards as $name => $content ) {
		if ( ! file_exists( $dir . '/' . $name ) ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- a small guard file in our own folder.
			file_put_contents( $dir . '/' . $name, $content );
		}
	}
	return true;
}

/**
 * The stored file of an order's invoice, validated, or null.
 *
 * @param WC_Order $order Order.
 * @return array{path: string, invoice: string, filename: string, size: int, sha256: string, uploaded: string}|null
 */
function sws_invoice_file( $order ) {
	$record = $order->get_meta( SWS_INVOICE_FILE_META, true, 'edit' );
	if ( ! is_array( $record ) || ! isset( $record['root'], $record['file'] ) ) {
		return null;
	}
	// Only what this plugin writes: <folder>/<token>.pdf, no way out of the root.
	if ( ! in_array( $record['root'], array( 'custom', 'uploads' ), true ) || ! preg_match( '/^sws-invoices-[a-f0-9]{32}\/[a-f0-9]{32}\.pdf$/', (string) $record['file'] ) ) {
		return null;
	}
	$root = sws_invoice_root( $record['root'] );
	if ( '' === $root ) {
		return null;
	}
	return array(
		'path'     => $root . '/' . $record['file'],
		'invoice'  => (string) ( $record['invoice'] ?? '' ),
		'filename' => (string) ( $record['filename'] ?? '' ),
		'size'     => (int) ( $record['size'] ?? 0 ),
		'sha256'   => (string) ( $record['sha256'] ?? '' ),
		'uploaded' => (string) ( $record['uploaded'] ?? '' ),
	);
}

/**
 * The protected download URL of an order's invoice.
 *
 * @param int $order_id Order.
 * @return string
 */
function sws_invoice_download_url( $order_id ) {
	return add_query_arg( SWS_INVOICE_QUERY_VAR, (int) $order_id, home_url( '/' ) );
}

/**
 * The file name the customer downloads: the given one, sanitised, else facture-<invoice>.pdf.
 *
 * @param string $filename Wanted name.
 * @param string $invoice  Invoice number.
 * @return string
 */
function sws_invoice_filename( $filename, $invoice ) {
	$name = sanitize_file_name( (string) $filename );
	if ( '' === $name || ! preg_match( '/\.pdf$/i', $name ) ) {
		$name = sanitize_file_name( 'facture-' . $invoice . '.pdf' );
	}
	return $name;
}

/**
 * The contract record of an order's invoice (the value of sage_invoice_pdf).
 *
 * @param WC_Order $order Order.
 * @param array    $file  From sws_invoice_file() or the stored record.
 * @return array
 */
function sws_invoice_record( $order, $file ) {
	return array(
		'mediaId'  => 0,
		'url'      => sws_invoice_download_url( $order->get_id() ),
		'invoice'  => (string) ( $file['invoice'] ?? '' ),
		'storage'  => 'sws-plugin',
		'filename' => (string) ( $file['filename'] ?? '' ),
		'size'     => (int) ( $file['size'] ?? 0 ),
		'sha256'   => (string) ( $file['sha256'] ?? '' ),
		'uploaded' => (string) ( $file['uploaded'] ?? '' ),
	);
}

/**
 * Stores (or replaces) the invoice PDF of an order and records it on the order.
 *
 * @param WC_Order $order    Order.
 * @param string   $content  PDF bytes.
 * @param string   $invoice  Sage invoice number.
 * @param string   $filename File name for the customer.
 * @return array|WP_Error The contract record, plus `replaced`.
 */
function sws_invoice_store( $order, $content, $invoice, $filename ) {
	if ( '' === $content ) {
		return new WP_Error( 'sws_invoice_empty', __( 'No PDF supplied.', 'sage-woo-sync' ), array( 'status' => 400 ) );
	}
	if ( 0 !== strpos( $content, '%PDF-' ) ) {
		return new WP_Error( 'sws_invoice_not_pdf', __( 'The file is not a PDF.', 'sage-woo-sync' ), array( 'status' => 400 ) );
	}
	/**
	 * Filters the largest invoice PDF accepted, in bytes (default 20 MB).
	 *
	 * @param int $bytes Limit.
	 */
	$max = (int) apply_filters( 'sws_invoice_max_bytes', 20 * MB_IN_BYTES );
	if ( strlen( $content ) > $max ) {
		return new WP_Error( 'sws_invoice_too_large', __( 'The PDF is too large.', 'sage-woo-sync' ), array( 'status' => 413 ) );
	}
	$root_kind = '' !== sws_invoice_root( 'custom' ) ? 'custom' : 'uploads';
	$root      = sws_invoice_root( $root_kind );
	$folder    = sws_invoice_folder();
	if ( '' === $root || ! sws_invoice_prepare_folder( $root . '/' . $folder ) ) {
		return new WP_Error( 'sws_invoice_storage', __( 'The invoice folder cannot be created.', 'sage-woo-sync' ), array( 'status' => 500 ) );
	}
	$file = $folder . '/' . bin2hex( random_bytes( 16 ) ) . '.pdf';
	// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- our private folder, outside the media library.
	if ( strlen( $content ) !== file_put_contents( $root . '/' . $file, $content, LOCK_EX ) ) {
		return new WP_Error( 'sws_invoice_storage', __( 'The invoice could not be written.', 'sage-woo-sync' ), array( 'status' => 500 ) );
	}
	$previous = sws_invoice_file( $order );
	$stored   = array(
		'root'     => $root_kind,
		'file'     => $file,
		'invoice'  => $invoice,
		'filename' => sws_invoice_filename( $filename, $invoice ),
		'size'     => strlen( $content ),
		'sha256'   => hash( 'sha256', $content ),
		'uploaded' => gmdate( 'Y-m-d\TH:i:s' ),
	);
	$order->update_meta_data( SWS_INVOICE_FILE_META, $stored );
	$record = sws_invoice_record( $order, $stored );
	$order->update_meta_data( sws_invoice_pdf_meta_key(), $record );
	$order->save();
	if ( null !== $previous && $previous['path'] !== $root . '/' . $file ) {
		wp_delete_file( $previous['path'] );
	}
	$record['replaced'] = null !== $previous;
	return $record;
}

/**
 * Whether the current user may download an order's invoice: its customer or a shop manager.
 *
 * @param int $order_id Order.
 * @return bool
 */
function sws_current_user_can_download_invoice( $order_id ) {
	return is_user_logged_in()
		&& ( current_user_can( 'manage_woocommerce' ) || current_user_can( 'view_order', $order_id ) );
}

/**
 * Ends the request with an error page of the given status.
 *
 * @param int    $status  HTTP status.
 * @param string $message Message.
 */
function sws_invoice_refuse( $status, $message ) {
	nocache_headers();
	$login = is_user_logged_in()
		? ''
		: ' <a href="' . esc_url( wc_get_page_permalink( 'myaccount' ) ) . '">' . esc_html__( 'Log in', 'sage-woo-sync' ) . '</a>';
	wp_die(
		esc_html( $message ) . $login, // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- both parts escaped.
		esc_html__( 'Invoice', 'sage-woo-sync' ),
		array( 'response' => (int) $status )
	);
}

/** Serves `?sws_invoice=<order id>` (GET, no state change: the capability check is the guard). */
function sws_serve_invoice_download() {
	// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a read-only download link (e-mails, notes); access is checked below.
	if ( ! isset( $_GET[ SWS_INVOICE_QUERY_VAR ] ) || is_admin() ) {
		return;
	}
	// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- see above.
	$order_id = absint( wp_unslash( $_GET[ SWS_INVOICE_QUERY_VAR ] ) );
	if ( ! is_user_logged_in() ) {
		sws_invoice_refuse( 403, __( 'Log in to download your invoices.', 'sage-woo-sync' ) );
	}
	$order = $order_id > 0 ? wc_get_order( $order_id ) : false;
	// The same answer for an unknown order and someone else's: nothing to learn by trying ids.
	if ( ! $order instanceof WC_Order || ! sws_current_user_can_download_invoice( $order->get_id() ) ) {
		sws_invoice_refuse( 403, __( 'You are not allowed to download this invoice.', 'sage-woo-sync' ) );
	}
	$file = sws_invoice_file( $order );
	if ( null === $file || ! is_readable( $file['path'] ) ) {
		sws_invoice_refuse( 404, __( 'This order has no invoice yet.', 'sage-woo-sync' ) );
	}
	while ( ob_get_level() > 0 ) {
		ob_end_clean();
	}
	nocache_headers();
	header( 'Content-Type: application/pdf' );
	header( 'Content-Disposition: attachment; filename="' . str_replace( array( '"', "\r", "\n" ), '', $file['filename'] ) . '"' );
	header( 'Content-Length: ' . (string) filesize( $file['path'] ) );
	header( 'X-Content-Type-Options: nosniff' );
	header( 'X-Robots-Tag: noindex, nofollow', true );
	// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_readfile -- streaming a private file.
	readfile( $file['path'] );
	exit;
}
add_action( 'init', 'sws_serve_invoice_download', 20 );

// ---- My Account ----

add_filter(
	'woocommerce_get_query_vars',
	static function ( $vars ) {
		$vars[ SWS_INVOICES_ENDPOINT ] = 'invoices';
		return $vars;
	}
);

add_action(
	'init',
	static function () {
		// The endpoint's rewrite rule, once per plugin version (WooCommerce added it at init 10).
		if ( get_option( 'sws_rewrite_version' ) !== SWS_PLUGIN_VERSION ) {
			flush_rewrite_rules( false );
			update_option( 'sws_rewrite_version', SWS_PLUGIN_VERSION, true );
		}
	},
	99
);

add_filter(
	'woocommerce_account_menu_items',
	static function ( $items ) {
		$out = array();
		foreach ( (array) $items as $key => $label ) {
			if ( 'customer-logout' === $key ) {
				$out[ SWS_INVOICES_ENDPOINT ] = __( 'Invoices', 'sage-woo-sync' );
			}
			$out[ $key ] = $label;
		}
		$out[ SWS_INVOICES_ENDPOINT ] = $out[ SWS_INVOICES_ENDPOINT ] ?? __( 'Invoices', 'sage-woo-sync' );
		return $out;
	}
);

add_filter(
	'woocommerce_endpoint_' . SWS_INVOICES_ENDPOINT . '_title',
	static function () {
		return __( 'Invoices', 'sage-woo-sync' );
	}
);

/**
 * The "Invoices" tab: the customer's orders that have an invoice, newest first, 20 a page.
 *
 * @param string $value Page number ('' for the first).
 */
function sws_render_invoices_endpoint( $value ) {
	$user_id = get_current_user_id();
	if ( $user_id <= 0 ) {
		return;
	}
	$page   = max( 1, absint( $value ) );
	$result = wc_get_orders(
		array(
			'customer_id' => $user_id,
			'limit'       => 20,
			'paged'       => $page,
			'paginate'    => true,
			'orderby'     => 'date',
			'order'       => 'DESC',
			'meta_query'  => array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one customer's orders.
				array(
					'key'     => SWS_INVOICE_FILE_META,
					'compare' => 'EXISTS',
				),
			),
		)
	);
	$orders = is_object( $result ) ? $result->orders : array();
	if ( array() === $orders ) {
		echo '<p class="sws-invoices__none">' . esc_html__( 'No invoice yet.', 'sage-woo-sync' ) . '</p>';
		return;
	}
	echo '<table class="sws-invoices shop_table shop_table_responsive"><thead><tr>';
	echo '<th scope="col">' . esc_html__( 'Invoice', 'sage-woo-sync' ) . '</th>';
	echo '<th scope="col">' . esc_html__( 'Order', 'sage-woo-sync' ) . '</th>';
	echo '<th scope="col">' . esc_html__( 'Date', 'sage-woo-sync' ) . '</th>';
	echo '<th scope="col">' . esc_html__( 'Total', 'sage-woo-sync' ) . '</th>';
	echo '<th scope="col"><span class="screen-reader-text">' . esc_html__( 'Download', 'sage-woo-sync' ) . '</span></th>';
	echo '</tr></thead><tbody>';
	foreach ( $orders as $order ) {
		$file = $order instanceof WC_Order ? sws_invoice_file( $order ) : null;
		if ( null === $file ) {
			continue;
		}
		$date = $order->get_date_created();
		echo '<tr>';
		echo '<td data-title="' . esc_attr__( 'Invoice', 'sage-woo-sync' ) . '">' . esc_html( $file['invoice'] ) . '</td>';
		echo '<td data-title="' . esc_attr__( 'Order', 'sage-woo-sync' ) . '"><a href="' . esc_url( $order->get_view_order_url() ) . '">' . esc_html( '#' . $order->get_order_number() ) . '</a></td>';
		echo '<td data-title="' . esc_attr__( 'Date', 'sage-woo-sync' ) . '">' . esc_html( $date ? wc_format_datetime( $date ) : '' ) . '</td>';
		echo '<td data-title="' . esc_attr__( 'Total', 'sage-woo-sync' ) . '">' . wp_kses_post( $order->get_formatted_order_total() ) . '</td>';
		echo '<td><a class="woocommerce-button button sws-invoice-download" href="' . esc_url( sws_invoice_download_url( $order->get_id() ) ) . '">' . esc_html__( 'Download (PDF)', 'sage-woo-sync' ) . '</a></td>';
		echo '</tr>';
	}
	echo '</tbody></table>';
	if ( is_object( $result ) && $result->max_num_pages > 1 ) {
		echo '<div class="woocommerce-pagination">';
		if ( $page > 1 ) {
			echo '<a class="woocommerce-button button" href="' . esc_url( wc_get_endpoint_url( SWS_INVOICES_ENDPOINT, (string) ( $page - 1 ) ) ) . '">' . esc_html__( 'Previous', 'sage-woo-sync' ) . '</a> ';
		}
		if ( $page < $result->max_num_pages ) {
			echo '<a class="woocommerce-button button" href="' . esc_url( wc_get_endpoint_url( SWS_INVOICES_ENDPOINT, (string) ( $page + 1 ) ) ) . '">' . esc_html__( 'Next', 'sage-woo-sync' ) . '</a>';
		}
		echo '</div>';
	}
}
add_action( 'woocommerce_account_' . SWS_INVOICES_ENDPOINT . '_endpoint', 'sws_render_invoices_endpoint' );

add_action(
	'woocommerce_order_details_after_order_table',
	static function ( $order ) {
		if ( ! $order instanceof WC_Order || ! sws_current_user_can_download_invoice( $order->get_id() ) ) {
			return;
		}
		$file = sws_invoice_file( $order );
		if ( null === $file ) {
			return;
		}
		echo '<section class="sws-order-invoice"><h2>' . esc_html__( 'Invoice', 'sage-woo-sync' ) . '</h2><p>';
		echo esc_html(
			/* translators: %s: Sage invoice number. */
			sprintf( __( 'Invoice %s', 'sage-woo-sync' ), $file['invoice'] )
		);
		echo ' <a class="woocommerce-button button sws-invoice-download" href="' . esc_url( sws_invoice_download_url( $order->get_id() ) ) . '">' . esc_html__( 'Download (PDF)', 'sage-woo-sync' ) . '</a></p></section>';
	}
);

add_action(
	'woocommerce_before_delete_order',
	static function ( $order_id, $order = null ) {
		$order = $order instanceof WC_Order ? $order : wc_get_order( $order_id );
		$file  = $order instanceof WC_Order ? sws_invoice_file( $order ) : null;
		if ( null !== $file ) {
			wp_delete_file( $file['path'] );
		}
	},
	10,
	2
);

/*
 * The file's place stays private: out of the order's REST answers and webhook payloads (which
 * list every meta, underscored ones included).
 */
add_filter(
	'woocommerce_rest_prepare_shop_order_object',
	static function ( $response ) {
		if ( $response instanceof WP_REST_Response ) {
			$data = $response->get_data();
			if ( isset( $data['meta_data'] ) && is_array( $data['meta_data'] ) ) {
				$data['meta_data'] = array_values(
					array_filter(
						$data['meta_data'],
						static function ( $meta ) {
							$key = $meta instanceof WC_Meta_Data ? $meta->key : ( is_array( $meta ) ? ( $meta['key'] ?? '' ) : '' );
							return SWS_INVOICE_FILE_META !== $key;
						}
					)
				);
				$response->set_data( $data );
			}
		}
		return $response;
	}
);
