<?php
/**
 * Customer article codes: a B2B buyer's own code for an article (user meta `sage_customer_codes`,
 * SKU → code, written by the connector's customers sync from Sage). The logged-in customer sees
 * their code next to the SKU on the product page and on cart and order lines, and finds an
 * article by typing their code in the shop search. Nobody else sees or finds another customer's
 * codes.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/** Order line meta holding the code the customer had when ordering. */
const SWS_LINE_CODE_KEY = 'sage_customer_code';

/**
 * A user's codes, SKU → code (empty when none or malformed; non-text entries left out).
 *
 * @param int $user_id User.
 * @return array<string, string>
 */
function sws_customer_codes( $user_id ) {
	static $cache = array();
	if ( $user_id <= 0 ) {
		return array();
	}
	if ( ! isset( $cache[ $user_id ] ) ) {
		$codes = array();
		foreach ( sws_contract_record( sws_user_meta( $user_id, 'customer_codes' ) ) as $sku => $code ) {
			if ( is_string( $code ) && '' !== trim( $code ) ) {
				$codes[ (string) $sku ] = trim( $code );
			}
		}
		$cache[ $user_id ] = $codes;
	}
	return $cache[ $user_id ];
}

/**
 * The customer's code for a product or variation ('' when none).
 *
 * @param WC_Product|false|null $product Product or variation.
 * @param int                   $user_id User.
 * @return string
 */
function sws_customer_code_for( $product, $user_id ) {
	if ( ! $product instanceof WC_Product ) {
		return '';
	}
	$sku   = (string) $product->get_sku( 'edit' );
	$codes = sws_customer_codes( $user_id );
	return ( '' !== $sku && isset( $codes[ $sku ] ) ) ? $codes[ $sku ] : '';
}

/**
 * "Your code: X" for a product, or for a variable product its variations' codes, as HTML ('' when
 * the customer has none for it).
 *
 * @param WC_Product|false|null $product Product.
 * @return string
 */
function sws_customer_code_html( $product ) {
	$user_id = get_current_user_id();
	if ( ! $product instanceof WC_Product || array() === sws_customer_codes( $user_id ) ) {
		return '';
	}
	$own = sws_customer_code_for( $product, $user_id );
	if ( '' !== $own ) {
		return '<span class="sws-customer-code">' . esc_html__( 'Your code:', 'sage-woo-sync' )
			. ' <span class="sws-customer-code__value">' . esc_html( $own ) . '</span></span>';
	}
	$parts = array();
	if ( $product->is_type( 'variable' ) ) {
		foreach ( $product->get_children() as $child_id ) {
			$child = wc_get_product( $child_id );
			$code  = sws_customer_code_for( $child, $user_id );
			if ( '' !== $code ) {
				$parts[] = '<span class="sws-customer-code__value">' . esc_html( $code ) . '</span> ('
					. esc_html( (string) $child->get_sku( 'edit' ) ) . ')';
			}
		}
	}
	if ( array() === $parts ) {
		return '';
	}
	return '<span class="sws-customer-code">' . esc_html__( 'Your codes:', 'sage-woo-sync' ) . ' '
		. implode( ', ', $parts ) . '</span>';
}

// Classic product page: in the product meta, after the SKU.
add_action(
	'woocommerce_product_meta_end',
	static function () {
		global $product;
		echo sws_customer_code_html( $product ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in sws_customer_code_html().
	}
);

// Block themes: after the SKU block of the product shown.
add_filter(
	'render_block_woocommerce/product-sku',
	static function ( $html, $block, $instance ) {
		$post_id = ( $instance instanceof WP_Block && isset( $instance->context['postId'] ) ) ? (int) $instance->context['postId'] : 0;
		if ( $post_id <= 0 || '' === $html ) {
			return $html;
		}
		$code = sws_customer_code_html( wc_get_product( $post_id ) );
		return '' === $code ? $html : $html . '<div class="sws-customer-code-block">' . $code . '</div>';
	},
	10,
	3
);

// Cart and checkout lines (classic and Store API): the customer's code under the product name.
add_filter(
	'woocommerce_get_item_data',
	static function ( $item_data, $cart_item ) {
		$product = isset( $cart_item['data'] ) ? $cart_item['data'] : null;
		$code    = sws_customer_code_for( $product, get_current_user_id() );
		if ( '' !== $code && is_array( $item_data ) ) {
			$item_data[] = array(
				'key'   => __( 'Your code', 'sage-woo-sync' ),
				'value' => $code,
			);
		}
		return $item_data;
	},
	10,
	2
);

// Order lines keep the code the customer had when ordering.
add_action(
	'woocommerce_checkout_create_order_line_item',
	static function ( $item, $cart_item_key, $values, $order ) {
		unset( $cart_item_key );
		$product = isset( $values['data'] ) ? $values['data'] : null;
		// The Store API creates the lines before it sets the order's customer: the buyer is the
		// current user then.
		$user_id = $order instanceof WC_Order ? (int) $order->get_customer_id() : 0;
		if ( $user_id <= 0 ) {
			$user_id = get_current_user_id();
		}
		$code    = sws_customer_code_for( $product, $user_id );
		if ( '' !== $code && $item instanceof WC_Order_Item_Product ) {
			$item->add_meta_data( SWS_LINE_CODE_KEY, $code, true );
		}
	},
	10,
	4
);

add_filter(
	'woocommerce_order_item_display_meta_key',
	static function ( $display_key, $meta ) {
		return ( is_object( $meta ) && isset( $meta->key ) && SWS_LINE_CODE_KEY === $meta->key )
			? __( 'Your code', 'sage-woo-sync' )
			: $display_key;
	},
	10,
	2
);

/**
 * Products (a variation: its parent) whose SKU the customer's code matches: the whole code,
 * without regard to case, or a part of it of 3 characters or more.
 *
 * @param string $term    Search term.
 * @param int    $user_id User.
 * @return int[] Product IDs.
 */
function sws_products_by_customer_code( $term, $user_id ) {
	$term = strtolower( trim( $term ) );
	if ( '' === $term ) {
		return array();
	}
	$ids = array();
	foreach ( sws_customer_codes( $user_id ) as $sku => $code ) {
		$code = strtolower( $code );
		if ( $code !== $term && ( strlen( $term ) < 3 || false === strpos( $code, $term ) ) ) {
			continue;
		}
		$id = wc_get_product_id_by_sku( (string) $sku );
		if ( $id <= 0 ) {
			continue;
		}
		$parent = wp_get_post_parent_id( $id );
		$ids[]  = $parent > 0 ? (int) $parent : (int) $id;
	}
	return array_values( array_unique( $ids ) );
}

// The front-end search finds the products of the customer's own codes, next to what WordPress
// finds by title and content (the main search query only; admin and REST searches are left alone).
add_filter(
	'posts_search',
	static function ( $search, $query ) {
		global $wpdb;
		if ( is_admin() || ! $query instanceof WP_Query || ! $query->is_main_query() || ! $query->is_search()
			|| '' === $search || ! is_user_logged_in() ) {
			return $search;
		}
		$ids = sws_products_by_customer_code( (string) $query->get( 's' ), get_current_user_id() );
		if ( array() === $ids ) {
			return $search;
		}
		$inner = preg_replace( '/^\s*AND\s+/i', '', $search );
		$list  = implode( ',', array_map( 'intval', $ids ) );
		return " AND ( ( {$inner} ) OR {$wpdb->posts}.ID IN ({$list}) ) ";
	},
	10,
	2
);
