<?php
/**
 * Bulk writes for the connector: `POST /wp-json/wc-sage-woo-sync/v1/products/bulk`.
 *
 * WooCommerce's REST v3 writes variations only through their parent's batch route, so a catalog
 * of many small variable products costs one request per parent. This route takes updates of
 * products AND variations of any parents in one request:
 *
 *     { "update": [ { "id": 12, "regular_price": "9.90", "meta_data": [ {"key": "k", "value": …} ] },
 *                   { "id": 40, "parent_id": 39, "stock_quantity": 5 } ] }
 *
 * Fields: regular_price, sale_price (strings), status, catalog_visibility, manage_stock,
 * stock_quantity, stock_status, backorders, meta_data (a null value deletes the key); others are
 * ignored. At most sws_bulk_limit() items (option `sws_bulk_limit`, default 250; more: 413
 * woocommerce_rest_request_entity_too_large, as WooCommerce's batch routes answer).
 *
 * Each item is validated like a single-item REST route (rest_validate_value_from_schema) and
 * applied through the WooCommerce product object (wc_get_product, setters, save()), so lookup
 * tables, caches, stock status and transients follow as with REST v3; the variable parents of the
 * updated variations are synced (WC_Product_Variable::sync: price range, stock status) once each,
 * after all the items. One item's failure never stops the others: it is answered in its place as
 * `{id, error: {code, message, data: {status}}}` (unknown id: woocommerce_rest_product_invalid_id,
 * or woocommerce_rest_product_variation_invalid_id when a parent_id was given or the variation
 * is not under that parent).
 *
 * The answer (200): `{ "update": [ {id, sku, type, parent_id, status, regular_price, price,
 * stock_quantity, stock_status, meta_data: the keys written} | {id, error} ] }`.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/** Items per bulk request when the option is not set (WooCommerce's batches take 100). */
const SWS_BULK_DEFAULT_LIMIT = 250;

/**
 * Items accepted per bulk request: option `sws_bulk_limit`, filter `sws_bulk_limit`.
 *
 * @return int
 */
function sws_bulk_limit() {
	$limit = (int) get_option( 'sws_bulk_limit', SWS_BULK_DEFAULT_LIMIT );
	/**
	 * Items accepted per bulk request.
	 *
	 * @param int $limit From the option sws_bulk_limit (default 250).
	 */
	$limit = (int) apply_filters( 'sws_bulk_limit', $limit > 0 ? $limit : SWS_BULK_DEFAULT_LIMIT );
	return max( 1, $limit );
}

/**
 * JSON schema of one update item (the fields the route writes), as WooCommerce's routes declare
 * them.
 *
 * @return array<string, array>
 */
function sws_bulk_item_schema() {
	return array(
		'id'                 => array( 'type' => 'integer' ),
		'parent_id'          => array( 'type' => 'integer' ),
		'regular_price'      => array( 'type' => 'string' ),
		'sale_price'         => array( 'type' => 'string' ),
		'status'             => array(
			'type' => 'string',
			'enum' => array_merge( array_keys( get_post_statuses() ), array( 'future', 'auto-draft', 'trash' ) ),
		),
		'catalog_visibility' => array(
			'type' => 'string',
			'enum' => array( 'visible', 'catalog', 'search', 'hidden' ),
		),
		'manage_stock'       => array( 'type' => 'boolean' ),
		'stock_quantity'     => array( 'type' => array( 'integer', 'null' ) ),
		'stock_status'       => array(
			'type' => 'string',
			'enum' => array_keys( wc_get_product_stock_status_options() ),
		),
		'backorders'         => array(
			'type' => 'string',
			'enum' => array( 'no', 'notify', 'yes' ),
		),
		'meta_data'          => array(
			'type'  => 'array',
			'items' => array(
				'type'       => 'object',
				'properties' => array(
					'key' => array( 'type' => 'string' ),
				),
				'required'   => array( 'key' ),
			),
		),
	);
}

/**
 * An item's error in its place of the answer, as WooCommerce's batch routes write it.
 *
 * @param int      $id    Requested id (0 when none).
 * @param WP_Error $error Error.
 * @return array
 */
function sws_bulk_item_error( $id, $error ) {
	$data = $error->get_error_data();
	if ( ! is_array( $data ) ) {
		$data = array();
	}
	if ( ! isset( $data['status'] ) ) {
		$data['status'] = 400;
	}
	return array(
		'id'    => (int) $id,
		'error' => array(
			'code'    => $error->get_error_code(),
			'message' => $error->get_error_message(),
			'data'    => $data,
		),
	);
}

/**
 * The item's fields, validated and sanitized against the schema: every invalid field is listed
 * in one rest_invalid_param error, as WordPress does for a single-item route.
 *
 * @param array $item Raw item.
 * @return array|WP_Error
 */
function sws_bulk_clean_item( $item ) {
	$clean   = array();
	$invalid = array();
	$details = array();
	foreach ( sws_bulk_item_schema() as $field => $args ) {
		if ( ! array_key_exists( $field, $item ) ) {
			continue;
		}
		$valid = rest_validate_value_from_schema( $item[ $field ], $args, $field );
		if ( is_wp_error( $valid ) ) {
			$invalid[ $field ] = $valid->get_error_message();
			$details[ $field ] = rest_convert_error_to_response( $valid )->get_data();
			continue;
		}
		$clean[ $field ] = rest_sanitize_value_from_schema( $item[ $field ], $args, $field );
	}
	if ( $invalid ) {
		return new WP_Error(
			'rest_invalid_param',
			/* translators: %s: list of invalid parameters */
			sprintf( __( 'Invalid parameter(s): %s', 'sage-woo-sync' ), implode( ', ', array_keys( $invalid ) ) ),
			array(
				'status'  => 400,
				'params'  => $invalid,
				'details' => $details,
			)
		);
	}
	return $clean;
}

/**
 * Stock fields of a product, as WC_REST_Products_Controller::prepare_object_for_database().
 *
 * @param WC_Product $product Product (not a variation).
 * @param array      $fields  Clean fields.
 */
function sws_bulk_product_stock( $product, $fields ) {
	$stock_status = $fields['stock_status'] ?? $product->get_stock_status();
	if ( 'yes' !== get_option( 'woocommerce_manage_stock' ) ) {
		if ( ! $product->is_type( 'variable' ) ) {
			$product->set_stock_status( $stock_status );
		}
		return;
	}
	if ( isset( $fields['manage_stock'] ) ) {
		$product->set_manage_stock( $fields['manage_stock'] );
	}
	if ( isset( $fields['backorders'] ) ) {
		$product->set_backorders( $fields['backorders'] );
	}
	if ( $product->is_type( 'grouped' ) || $product->is_type( 'external' ) ) {
		$product->set_manage_stock( 'no' );
		$product->set_backorders( 'no' );
		$product->set_stock_quantity( '' );
		$product->set_stock_status( $product->is_type( 'external' ) ? 'instock' : $stock_status );
	} elseif ( $product->get_manage_stock() ) {
		// A variable product's stock status comes from its variations (synced later).
		if ( ! $product->is_type( 'variable' ) ) {
			$product->set_stock_status( $stock_status );
		}
		if ( isset( $fields['stock_quantity'] ) ) {
			$product->set_stock_quantity( wc_stock_amount( $fields['stock_quantity'] ) );
		}
	} else {
		$product->set_manage_stock( 'no' );
		$product->set_stock_quantity( '' );
		$product->set_stock_status( $stock_status );
	}
}

/**
 * Stock fields of a variation, as WC_REST_Product_Variations_Controller does.
 *
 * @param WC_Product_Variation $variation Variation.
 * @param array                $fields    Clean fields.
 */
function sws_bulk_variation_stock( $variation, $fields ) {
	if ( isset( $fields['manage_stock'] ) ) {
		$variation->set_manage_stock( $fields['manage_stock'] );
	}
	if ( isset( $fields['stock_status'] ) ) {
		$variation->set_stock_status( $fields['stock_status'] );
	}
	if ( isset( $fields['backorders'] ) ) {
		$variation->set_backorders( $fields['backorders'] );
	}
	if ( $variation->get_manage_stock() ) {
		if ( isset( $fields['stock_quantity'] ) ) {
			$variation->set_stock_quantity( wc_stock_amount( $fields['stock_quantity'] ) );
		}
	} else {
		$variation->set_backorders( 'no' );
		$variation->set_stock_quantity( '' );
	}
}

/**
 * Applies one item through the product object and saves it.
 *
 * @param WC_Product $product Product or variation.
 * @param array      $fields  Clean fields.
 * @return string[]|WP_Error Meta keys written.
 */
function sws_bulk_apply( $product, $fields ) {
	$is_variation = $product->is_type( 'variation' );
	$keys         = array();
	try {
		if ( isset( $fields['status'] ) ) {
			if ( $is_variation && ! in_array( $fields['status'], array( 'draft', 'pending', 'private', 'publish' ), true ) ) {
				return new WP_Error(
					'rest_invalid_param',
					/* translators: %s: list of invalid parameters */
					sprintf( __( 'Invalid parameter(s): %s', 'sage-woo-sync' ), 'status' ),
					array(
						'status' => 400,
						'params' => array( 'status' => __( 'status is not one of draft, pending, private, and publish.', 'sage-woo-sync' ) ),
					)
				);
			}
			$product->set_status( get_post_status_object( $fields['status'] ) ? $fields['status'] : 'draft' );
		}
		if ( isset( $fields['catalog_visibility'] ) && ! $is_variation ) {
			$product->set_catalog_visibility( $fields['catalog_visibility'] );
		}
		if ( $is_variation ) {
			sws_bulk_variation_stock( $product, $fields );
		} else {
			sws_bulk_product_stock( $product, $fields );
		}
		if ( $product->is_type( 'variable' ) || $product->is_type( 'grouped' ) ) {
			// Their prices come from their children, as REST v3 has it.
			if ( isset( $fields['regular_price'] ) || isset( $fields['sale_price'] ) ) {
				$product->set_regular_price( '' );
				$product->set_sale_price( '' );
			}
		} else {
			if ( isset( $fields['regular_price'] ) ) {
				$product->set_regular_price( $fields['regular_price'] );
			}
			if ( isset( $fields['sale_price'] ) ) {
				$product->set_sale_price( $fields['sale_price'] );
			}
		}
		foreach ( $fields['meta_data'] ?? array() as $meta ) {
			$key = (string) $meta['key'];
			if ( '' === $key ) {
				continue;
			}
			if ( ! array_key_exists( 'value', $meta ) || null === $meta['value'] ) {
				$product->delete_meta_data( $key );
			} else {
				$product->update_meta_data( $key, $meta['value'] );
			}
			$keys[ $key ] = true;
		}
		$product->save();
	} catch ( WC_Data_Exception $e ) {
		return new WP_Error( $e->getErrorCode(), $e->getMessage(), $e->getErrorData() );
	}
	return array_keys( $keys );
}

/**
 * The answer of an updated item.
 *
 * @param WC_Product $product Product or variation.
 * @param string[]   $keys    Meta keys written.
 * @return array
 */
function sws_bulk_item_response( $product, $keys ) {
	$meta = array();
	foreach ( $keys as $key ) {
		$entry  = null;
		$values = $product->get_meta( $key, false, 'edit' );
		if ( $values ) {
			$first = reset( $values );
			$entry = array(
				'id'    => (int) $first->id,
				'key'   => $key,
				'value' => $first->value,
			);
		}
		$meta[] = $entry ?? array(
			'key'   => $key,
			'value' => null,
		);
	}
	$quantity = $product->get_stock_quantity( 'edit' );
	return array(
		'id'             => $product->get_id(),
		'sku'            => (string) $product->get_sku( 'edit' ),
		'type'           => $product->get_type(),
		'parent_id'      => $product->get_parent_id( 'edit' ),
		'status'         => $product->get_status( 'edit' ),
		'regular_price'  => (string) $product->get_regular_price( 'edit' ),
		'price'          => (string) $product->get_price( 'edit' ),
		'stock_quantity' => null === $quantity || '' === $quantity ? null : wc_stock_amount( $quantity ),
		'stock_status'   => $product->get_stock_status( 'edit' ),
		'meta_data'      => $meta,
	);
}

/**
 * One update item: its answer, and the variable parent to sync when it is a variation.
 *
 * @param mixed    $item    Raw item.
 * @param int|null $parent  Set to the parent id to sync.
 * @return array
 */
function sws_bulk_update_item( $item, &$parent ) {
	$parent = null;
	if ( ! is_array( $item ) ) {
		return sws_bulk_item_error(
			0,
			new WP_Error( 'rest_invalid_param', __( 'Each update must be an object with an id.', 'sage-woo-sync' ), array( 'status' => 400 ) )
		);
	}
	$id     = isset( $item['id'] ) && is_numeric( $item['id'] ) ? (int) $item['id'] : 0;
	$fields = sws_bulk_clean_item( $item );
	if ( is_wp_error( $fields ) ) {
		return sws_bulk_item_error( $id, $fields );
	}
	$parent_id    = (int) ( $fields['parent_id'] ?? 0 );
	$product      = $id > 0 ? wc_get_product( $id ) : false;
	$is_variation = $product instanceof WC_Product && $product->is_type( 'variation' );
	if ( ! $product instanceof WC_Product || ( $parent_id > 0 && ( ! $is_variation || $product->get_parent_id() !== $parent_id ) ) ) {
		$code = $parent_id > 0 || $is_variation ? 'woocommerce_rest_product_variation_invalid_id' : 'woocommerce_rest_product_invalid_id';
		return sws_bulk_item_error( $id, new WP_Error( $code, __( 'Invalid ID.', 'sage-woo-sync' ), array( 'status' => 400 ) ) );
	}
	$keys = sws_bulk_apply( $product, $fields );
	if ( is_wp_error( $keys ) ) {
		return sws_bulk_item_error( $id, $keys );
	}
	if ( $is_variation ) {
		$parent = $product->get_parent_id();
	}
	return sws_bulk_item_response( $product, $keys );
}

/**
 * POST /products/bulk.
 *
 * @param WP_REST_Request $request Request.
 * @return WP_REST_Response|WP_Error
 */
function sws_rest_bulk_products( $request ) {
	$items = $request['update'] ?? array();
	if ( ! is_array( $items ) ) {
		return new WP_Error(
			'rest_invalid_param',
			/* translators: %s: list of invalid parameters */
			sprintf( __( 'Invalid parameter(s): %s', 'sage-woo-sync' ), 'update' ),
			array(
				'status' => 400,
				'params' => array( 'update' => __( 'update is not of type array.', 'sage-woo-sync' ) ),
			)
		);
	}
	$limit = sws_bulk_limit();
	if ( count( $items ) > $limit ) {
		return new WP_Error(
			'woocommerce_rest_request_entity_too_large',
			/* translators: %s: items limit */
			sprintf( __( 'Unable to accept more than %s items for this request.', 'sage-woo-sync' ), $limit ),
			array( 'status' => 413 )
		);
	}
	$answers = array();
	$parents = array();
	foreach ( array_values( $items ) as $item ) {
		$parent    = null;
		$answers[] = sws_bulk_update_item( $item, $parent );
		if ( $parent ) {
			$parents[ $parent ] = true;
		}
	}
	// Each parent once, after all its variations: price range, stock status, transients.
	global $wc_deferred_product_sync;
	foreach ( array_keys( $parents ) as $parent_id ) {
		$parent = wc_get_product( $parent_id );
		if ( $parent instanceof WC_Product_Variable ) {
			// Saves the parent: its transients and lookup rows follow.
			WC_Product_Variable::sync( $parent );
		}
	}
	// The variations' saves queued the same parents for the end of the request: done already.
	if ( $parents && is_array( $wc_deferred_product_sync ) ) {
		$wc_deferred_product_sync = array_values(
			array_filter(
				$wc_deferred_product_sync,
				static function ( $queued ) use ( $parents ) {
					return ! isset( $parents[ (int) $queued ] );
				}
			)
		);
	}
	return rest_ensure_response( array( 'update' => $answers ) );
}

add_action(
	'rest_api_init',
	static function () {
		register_rest_route(
			SWS_REST_NAMESPACE,
			'/products/bulk',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'permission_callback' => 'sws_rest_can_manage',
					'callback'            => 'sws_rest_bulk_products',
					'args'                => array(
						'update' => array(
							'description' => __( 'Products and variations to update (id, parent_id for a variation, fields).', 'sage-woo-sync' ),
							'type'        => 'array',
						),
					),
				),
			)
		);
	}
);
