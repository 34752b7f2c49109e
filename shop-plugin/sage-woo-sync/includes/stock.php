<?php
/**
 * Stock at the customer's depot: "At your depot (NAME): N" and "Other depots: M" under the
 * stock line of products and variations, and the same in the Store API product response
 * (extensions.sage-woo-sync.depot_stock) for the logged-in customer.
 *
 * The connector writes the product / variation meta `sage_stock_by_depot` (depot key →
 * whole units, every sent depot present) keyed by the Sage depot code (DE_Code), a group code
 * or the depot number (connector config `stock.depotKey`, `stock.codes`, `stock.groups`), and
 * the user meta `sage_home_depot` as the Sage depot NUMBER ("4"). The number is looked up in
 * the stock meta as it is first (depotKey "number", or a code set in the shop), then through
 * the option sws_depot_codes (number → key, to be set like the connector's stock config).
 *
 * Only information: purchasability stays WooCommerce's (stock status and backorders setting).
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/**
 * Depot key → whole units from a product's or variation's meta (non-numbers left out).
 *
 * @param WC_Product $product Product or variation.
 * @return array<string, int>
 */
function sws_stock_by_depot( $product ) {
	$out = array();
	foreach ( sws_contract_record( sws_product_meta( $product, 'stock_by_depot' ) ) as $code => $quantity ) {
		if ( ( is_int( $quantity ) || is_float( $quantity ) || is_string( $quantity ) ) && is_numeric( $quantity ) ) {
			$out[ (string) $code ] = max( 0, (int) floor( (float) $quantity ) );
		}
	}
	return $out;
}

/**
 * The key of a user's home depot in a stock map, or null.
 *
 * @param int   $user_id User.
 * @param array $stock   Depot key → units.
 * @return string|null
 */
function sws_home_depot_key( $user_id, $stock ) {
	$home = sws_user_text( $user_id, 'home_depot' );
	if ( '' === $home ) {
		return null;
	}
	if ( array_key_exists( $home, $stock ) ) {
		return $home;
	}
	$codes = sws_depot_codes();
	if ( isset( $codes[ $home ] ) && array_key_exists( $codes[ $home ], $stock ) ) {
		return (string) $codes[ $home ];
	}
	// Case differences between the shop and the connector ("lyo" / "LYO").
	foreach ( array_keys( $stock ) as $key ) {
		if ( 0 === strcasecmp( (string) $key, $home ) ) {
			return (string) $key;
		}
	}
	return null;
}

/**
 * Name of a depot key for customers.
 *
 * @param string $key Depot key.
 * @return string
 */
function sws_depot_name( $key ) {
	$names = sws_depot_names();
	return isset( $names[ $key ] ) ? $names[ $key ] : $key;
}

/**
 * Home depot and other depots of a product for a user, or null when either is unknown.
 *
 * @param WC_Product $product Product or variation.
 * @param int        $user_id User.
 * @return array{code: string, name: string, quantity: int, other_depots: int}|null
 */
function sws_depot_stock_for( $product, $user_id ) {
	if ( ! $product instanceof WC_Product || $user_id <= 0 ) {
		return null;
	}
	$stock = sws_stock_by_depot( $product );
	if ( array() === $stock ) {
		return null;
	}
	$home = sws_home_depot_key( $user_id, $stock );
	if ( null === $home ) {
		return null;
	}
	$others = 0;
	foreach ( $stock as $code => $quantity ) {
		if ( (string) $code !== $home ) {
			$others += $quantity;
		}
	}
	return array(
		'code'         => $home,
		'name'         => sws_depot_name( $home ),
		'quantity'     => $stock[ $home ],
		'other_depots' => $others,
	);
}

/**
 * The two stock lines, as HTML ('' when there is nothing to say).
 *
 * @param WC_Product $product Product or variation.
 * @return string
 */
function sws_depot_stock_html( $product ) {
	$stock = sws_depot_stock_for( $product, get_current_user_id() );
	if ( null === $stock ) {
		return '';
	}
	return '<div class="sws-depot-stock">'
		. '<p class="sws-depot-stock__home">' . esc_html(
			sprintf(
				/* translators: 1: depot name, 2: quantity */
				__( 'At your depot (%1$s): %2$s', 'sage-woo-sync' ),
				$stock['name'],
				number_format_i18n( $stock['quantity'] )
			)
		) . '</p>'
		. '<p class="sws-depot-stock__others">' . esc_html(
			sprintf(
				/* translators: %s: quantity */
				__( 'Other depots: %s', 'sage-woo-sync' ),
				number_format_i18n( $stock['other_depots'] )
			)
		) . '</p></div>';
}

// The stock line of simple products and of each variation (availability_html), classic and
// block themes alike (the add-to-cart form template prints it).
add_filter(
	'woocommerce_get_stock_html',
	static function ( $html, $product ) {
		return $html . sws_depot_stock_html( $product );
	},
	20,
	2
);

// A variable product's own page: its own meta when the connector wrote one there.
add_action(
	'woocommerce_single_product_summary',
	static function () {
		global $product;
		if ( $product instanceof WC_Product_Variable ) {
			echo sws_depot_stock_html( $product ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in sws_depot_stock_html().
		}
	},
	25
);

add_action(
	'woocommerce_blocks_loaded',
	static function () {
		if ( ! function_exists( 'woocommerce_store_api_register_endpoint_data' )
			|| ! class_exists( \Automattic\WooCommerce\StoreApi\Schemas\V1\ProductSchema::class ) ) {
			return;
		}
		woocommerce_store_api_register_endpoint_data(
			array(
				'endpoint'        => \Automattic\WooCommerce\StoreApi\Schemas\V1\ProductSchema::IDENTIFIER,
				'namespace'       => 'sage-woo-sync',
				'data_callback'   => static function ( $product ) {
					return array( 'depot_stock' => sws_depot_stock_for( $product, get_current_user_id() ) );
				},
				'schema_callback' => static function () {
					return array(
						'depot_stock' => array(
							'description' => __( 'Stock at the customer\'s depot and at the other depots (logged-in customers only).', 'sage-woo-sync' ),
							'type'        => array( 'object', 'null' ),
							'context'     => array( 'view', 'edit' ),
							'readonly'    => true,
							'properties'  => array(
								'code'         => array( 'type' => 'string' ),
								'name'         => array( 'type' => 'string' ),
								'quantity'     => array( 'type' => 'integer' ),
								'other_depots' => array( 'type' => 'integer' ),
							),
						),
					);
				},
				'schema_type'     => ARRAY_A,
			)
		);
	}
);
