<?php
/**
 * Each customer sees their own net price (excl. tax): the price the contract implies
 * (pricing-formula.php, the twin of the connector's shared/price-sync/implied-price.ts) replaces
 * WooCommerce's price, regular price and sale price — the B2B price is the one price — for
 * simple products, variations and variable products' price ranges, in pages, the cart and the
 * Store API.
 *
 * A cart line is priced at its quantity: the contract's quantity tiers (Sage quantity grids)
 * apply from their start, and the product page lists them ("From 10: …").
 *
 * Without a contract price (visitors, customers without conditions, SKUs their data does not
 * price) the setting sws_guest_prices decides: 'hide' (default), 'category:<K>' or 'regular'.
 * Admin screens, the WooCommerce REST API (the connector reads and writes prices there), cron
 * and WP-CLI see WooCommerce's own prices.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/**
 * Whether shop prices are the customer's in this request.
 *
 * @return bool
 */
function sws_pricing_applies() {
	static $applies = null;
	if ( null === $applies ) {
		$applies = sws_pricing_context();
	}
	// Background work (webhook deliveries, Action Scheduler) is nobody's storefront, even when it
	// runs at the end of a storefront request.
	if ( doing_action( 'woocommerce_deliver_webhook_async' ) || doing_action( 'action_scheduler_run_queue' ) ) {
		return false;
	}
	/**
	 * Filters whether the customer's contract prices replace WooCommerce's in this request.
	 *
	 * @param bool $applies Whether they do.
	 */
	return (bool) apply_filters( 'sws_pricing_applies', $applies );
}

/**
 * Storefront, cart, Store API: yes; admin, other REST routes, cron, CLI: no.
 *
 * @return bool
 */
function sws_pricing_context() {
	if ( ( defined( 'WP_CLI' ) && WP_CLI ) || wp_doing_cron() ) {
		return false;
	}
	$uri   = isset( $_SERVER['REQUEST_URI'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REQUEST_URI'] ) ) : '';
	$route = isset( $_GET['rest_route'] ) ? sanitize_text_field( wp_unslash( $_GET['rest_route'] ) ) : null; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
	$rest  = null !== $route || ( defined( 'REST_REQUEST' ) && REST_REQUEST ) || false !== strpos( $uri, '/' . rest_get_url_prefix() . '/' );
	if ( $rest ) {
		return null !== $route
			? 0 === strpos( ltrim( $route, '/' ), 'wc/store/' )
			: false !== strpos( $uri, '/' . rest_get_url_prefix() . '/wc/store/' );
	}
	if ( is_admin() ) {
		if ( ! wp_doing_ajax() ) {
			return false;
		}
		// Action Scheduler's background runner (webhook deliveries) is not a customer.
		$action = isset( $_REQUEST['action'] ) ? sanitize_key( wp_unslash( $_REQUEST['action'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( 'as_async_request_queue_runner' === $action ) {
			return false;
		}
		// Admin-side Ajax (order editing) keeps WooCommerce's prices; storefront Ajax does not.
		$referer = wp_get_raw_referer();
		return ! ( is_string( $referer ) && 0 === strpos( $referer, admin_url() ) );
	}
	return true;
}

/**
 * The customer the prices are for: the logged-in user's contract, or null for a visitor.
 *
 * @return array|null
 */
function sws_current_customer_contract() {
	static $cache = array();
	$user_id = get_current_user_id();
	if ( $user_id <= 0 ) {
		return null;
	}
	if ( ! isset( $cache[ $user_id ] ) ) {
		$cache[ $user_id ] = sws_customer_contract( $user_id );
	}
	return $cache[ $user_id ];
}

/**
 * The pricing identity of this request: who sees which prices. Part of the variation price
 * hash, so WooCommerce never serves one customer's cached price range to another.
 *
 * @return string
 */
function sws_pricing_identity() {
	static $cache = array();
	if ( ! sws_pricing_applies() ) {
		return 'sws:off';
	}
	$user_id = get_current_user_id();
	if ( isset( $cache[ $user_id ] ) ) {
		return $cache[ $user_id ];
	}
	$customer = sws_current_customer_contract();
	$identity = array(
		'v'        => defined( 'SWS_CONTRACT_VERSION' ) ? SWS_CONTRACT_VERSION : '1',
		'formula'  => sws_formula(),
		'guest'    => sws_guest_prices(),
		'keys'     => array( sws_meta_key( 'product_prices' ), sws_meta_key( 'product_rules' ), sws_meta_key( 'family' ), sws_meta_key( 'product_tiers' ) ),
		'customer' => null === $customer ? null : array(
			$customer['price_category'],
			$customer['family_discounts'],
			$customer['customer_discount'],
			md5( (string) wp_json_encode( $customer['customer_prices'] ) ),
			md5( (string) wp_json_encode( $customer['customer_tiers'] ) ),
		),
	);
	$cache[ $user_id ] = 'sws:' . md5( (string) wp_json_encode( $identity ) );
	return $cache[ $user_id ];
}

/**
 * The cart lines' quantities, by the cart item's product object: the price filters price that
 * object at its line's quantity (WeakMap: an object gone takes its entry with it).
 *
 * @return WeakMap
 */
function sws_line_quantities() {
	static $quantities = null;
	if ( null === $quantities ) {
		$quantities = new WeakMap();
	}
	return $quantities;
}

/**
 * The quantity a product object is priced at: its cart line's, else 1.
 *
 * @param WC_Product $product Product or variation.
 * @return int
 */
function sws_line_quantity( $product ) {
	$quantities = sws_line_quantities();
	return isset( $quantities[ $product ] ) ? $quantities[ $product ] : 1;
}

/**
 * Before the cart (classic or Store API) computes its totals, each line's product is tagged
 * with the line's quantity, so its price is the contract's at that quantity.
 *
 * @param WC_Cart $cart Cart.
 */
function sws_tag_line_quantities( $cart ) {
	if ( ! $cart instanceof WC_Cart ) {
		return;
	}
	$quantities = sws_line_quantities();
	foreach ( $cart->get_cart() as $item ) {
		if ( isset( $item['data'] ) && $item['data'] instanceof WC_Product ) {
			$quantities[ $item['data'] ] = max( 1, (int) ( isset( $item['quantity'] ) ? $item['quantity'] : 1 ) );
		}
	}
}
add_action( 'woocommerce_before_calculate_totals', 'sws_tag_line_quantities', 5 );
// The cart's items are read back from the session before any total: tag them there too.
add_action( 'woocommerce_cart_loaded_from_session', 'sws_tag_line_quantities', 5 );

/**
 * What a product or variation costs this customer.
 *
 * @param WC_Product $product  Product or variation (not a variable parent).
 * @param int|null   $quantity Quantity priced; null: the product's cart line's, else 1.
 * @return array{state: string, price: string} state 'contract' (price set), 'hidden' (no
 *               price, not purchasable) or 'regular' (WooCommerce's own price).
 */
function sws_price_state( $product, $quantity = null ) {
	static $cache = array();
	if ( ! sws_pricing_applies() ) {
		return array(
			'state' => 'regular',
			'price' => '',
		);
	}
	$quantity = null === $quantity ? sws_line_quantity( $product ) : max( 1, (int) $quantity );
	$key      = $product->get_id() . '|' . $quantity . '|' . sws_pricing_identity();
	if ( isset( $cache[ $key ] ) ) {
		return $cache[ $key ];
	}
	$contract = sws_product_contract( $product );
	$formula  = sws_formula();
	$customer = sws_current_customer_contract();
	$price    = null;
	if ( null !== $customer && sws_has_contract( $customer ) ) {
		$price = sws_implied_price( $contract, $customer, $formula, $quantity );
	}
	// A negative net price is nobody's contract price: never sell below zero.
	if ( null !== $price && 0 === strpos( $price, '-' ) ) {
		$price = null;
	}
	if ( null === $price ) {
		$guest = sws_guest_prices();
		if ( 'regular' === $guest['mode'] ) {
			$cache[ $key ] = array(
				'state' => 'regular',
				'price' => '',
			);
			return $cache[ $key ];
		}
		if ( 'category' === $guest['mode'] ) {
			$price = sws_implied_price( $contract, sws_contract_customer( $guest['category'], null, null, null ), $formula, $quantity );
			$price = null !== $price && 0 === strpos( $price, '-' ) ? null : $price;
		}
	}
	$cache[ $key ] = null === $price
		? array(
			'state' => 'hidden',
			'price' => '',
		)
		: array(
			'state' => 'contract',
			'price' => $price,
		);
	return $cache[ $key ];
}

/**
 * Price and regular price of simple products and variations.
 *
 * @param mixed      $value   WooCommerce's value.
 * @param WC_Product $product Product.
 * @return mixed
 */
function sws_filter_price( $value, $product ) {
	if ( ! $product instanceof WC_Product || $product->is_type( 'variable' ) || $product->is_type( 'grouped' ) ) {
		return $value;
	}
	$state = sws_price_state( $product );
	return 'regular' === $state['state'] ? $value : $state['price'];
}

/**
 * Sale price: none when the contract price (or no price) applies.
 *
 * @param mixed      $value   WooCommerce's value.
 * @param WC_Product $product Product.
 * @return mixed
 */
function sws_filter_sale_price( $value, $product ) {
	if ( ! $product instanceof WC_Product || $product->is_type( 'variable' ) || $product->is_type( 'grouped' ) ) {
		return $value;
	}
	return 'regular' === sws_price_state( $product )['state'] ? $value : '';
}

foreach ( array( 'woocommerce_product_get_price', 'woocommerce_product_get_regular_price', 'woocommerce_product_variation_get_price', 'woocommerce_product_variation_get_regular_price' ) as $sws_hook ) {
	add_filter( $sws_hook, 'sws_filter_price', 20, 2 );
}
foreach ( array( 'woocommerce_product_get_sale_price', 'woocommerce_product_variation_get_sale_price' ) as $sws_hook ) {
	add_filter( $sws_hook, 'sws_filter_sale_price', 20, 2 );
}
unset( $sws_hook );

/**
 * Variable products: the price range is built from each variation's contract price.
 *
 * @param mixed      $value     WooCommerce's value (the variation's own, 'edit' context).
 * @param WC_Product $variation Variation.
 * @return mixed
 */
function sws_filter_variation_prices_price( $value, $variation ) {
	if ( ! $variation instanceof WC_Product ) {
		return $value;
	}
	$state = sws_price_state( $variation );
	return 'regular' === $state['state'] ? $value : $state['price'];
}
add_filter( 'woocommerce_variation_prices_price', 'sws_filter_variation_prices_price', 20, 2 );
add_filter( 'woocommerce_variation_prices_regular_price', 'sws_filter_variation_prices_price', 20, 2 );
add_filter(
	'woocommerce_variation_prices_sale_price',
	static function ( $value, $variation ) {
		return $variation instanceof WC_Product && 'regular' !== sws_price_state( $variation )['state'] ? '' : $value;
	},
	20,
	2
);
add_filter(
	'woocommerce_get_variation_prices_hash',
	static function ( $hash ) {
		$hash   = is_array( $hash ) ? $hash : array( $hash );
		$hash[] = sws_pricing_identity();
		return $hash;
	},
	20,
	1
);

/**
 * A variable product's own price: the lowest of its variations' (as WooCommerce shows it).
 *
 * @param mixed      $value   WooCommerce's value.
 * @param WC_Product $product Product.
 * @return mixed
 */
function sws_filter_variable_price( $value, $product ) {
	if ( ! $product instanceof WC_Product_Variable || ! sws_pricing_applies() ) {
		return $value;
	}
	$prices = $product->get_variation_prices( false );
	if ( empty( $prices['price'] ) ) {
		return 'regular' === sws_guest_prices()['mode'] && null === sws_current_customer_contract() ? $value : '';
	}
	return (string) current( $prices['price'] );
}
add_filter( 'woocommerce_product_get_price', 'sws_filter_variable_price', 21, 2 );

/**
 * Whether nothing can be bought at a price: hidden simple product or variation, or a variable
 * product none of whose variations has a price for this customer.
 *
 * @param WC_Product $product Product.
 * @return bool
 */
function sws_price_hidden( $product ) {
	if ( ! $product instanceof WC_Product || ! sws_pricing_applies() ) {
		return false;
	}
	if ( $product->is_type( 'grouped' ) || $product->is_type( 'external' ) ) {
		return false;
	}
	if ( $product instanceof WC_Product_Variable ) {
		$prices = $product->get_variation_prices( true );
		return empty( $prices['price'] ) && array() !== $product->get_children();
	}
	return 'hidden' === sws_price_state( $product )['state'];
}

add_filter(
	'woocommerce_is_purchasable',
	static function ( $purchasable, $product ) {
		return $purchasable && ! sws_price_hidden( $product );
	},
	20,
	2
);
add_filter(
	'woocommerce_variation_is_purchasable',
	static function ( $purchasable, $product ) {
		return $purchasable && ! sws_price_hidden( $product );
	},
	20,
	2
);

/**
 * Where a price is hidden: "Log in to see your prices" for visitors, "Price on request" for a
 * customer whose contract does not price the product.
 *
 * @return string HTML.
 */
function sws_hidden_price_html() {
	if ( is_user_logged_in() ) {
		return '<span class="sws-price-on-request">' . esc_html__( 'Price on request', 'sage-woo-sync' ) . '</span>';
	}
	$login = function_exists( 'wc_get_page_permalink' ) ? wc_get_page_permalink( 'myaccount' ) : wp_login_url();
	return '<a class="sws-login-for-prices" href="' . esc_url( $login ) . '">' . esc_html__( 'Log in to see your prices', 'sage-woo-sync' ) . '</a>';
}

add_filter(
	'woocommerce_get_price_html',
	static function ( $html, $product ) {
		return sws_price_hidden( $product ) ? sws_hidden_price_html() : $html;
	},
	20,
	2
);
add_filter(
	'woocommerce_variable_price_html',
	static function ( $html, $product ) {
		return sws_price_hidden( $product ) ? sws_hidden_price_html() : $html;
	},
	20,
	2
);

/**
 * The quantity tiers this customer sees for a product or variation: each start where its price
 * differs from the price just below, with that price. Empty without a contract price.
 *
 * @param WC_Product $product Product or variation.
 * @return array<int, array{from: int, price: string}>
 */
function sws_quantity_tiers( $product ) {
	if ( ! $product instanceof WC_Product || $product->is_type( 'variable' ) || ! sws_pricing_applies() ) {
		return array();
	}
	$first = sws_price_state( $product, 1 );
	if ( 'contract' !== $first['state'] ) {
		return array();
	}
	$customer = sws_current_customer_contract();
	if ( null === $customer || ! sws_has_contract( $customer ) ) {
		$guest    = sws_guest_prices();
		$customer = 'category' === $guest['mode'] ? sws_contract_customer( $guest['category'], null, null, null ) : null;
	}
	if ( null === $customer ) {
		return array();
	}
	$tiers    = array();
	$previous = $first['price'];
	foreach ( sws_tier_starts( sws_product_contract( $product ), $customer ) as $start ) {
		$state = sws_price_state( $product, $start );
		if ( 'contract' !== $state['state'] || $state['price'] === $previous ) {
			continue;
		}
		$tiers[]  = array(
			'from'  => $start,
			'price' => $state['price'],
		);
		$previous = $state['price'];
	}
	return $tiers;
}

/**
 * The tiers as HTML ("From 10: €85.50"), prices shown as the shop shows its prices (tax
 * display settings); '' when there are none.
 *
 * @param WC_Product $product Product or variation.
 * @return string HTML.
 */
function sws_quantity_tiers_html( $product ) {
	$tiers = sws_quantity_tiers( $product );
	if ( array() === $tiers ) {
		return '';
	}
	$items = '';
	foreach ( $tiers as $tier ) {
		$shown  = wc_get_price_to_display(
			$product,
			array(
				'price' => $tier['price'],
				'qty'   => 1,
			)
		);
		$items .= '<li class="sws-quantity-tier" data-from="' . esc_attr( (string) $tier['from'] ) . '" data-price="' . esc_attr( $tier['price'] ) . '">'
			/* translators: 1: quantity, 2: unit price. */
			. sprintf( esc_html__( 'From %1$s: %2$s', 'sage-woo-sync' ), esc_html( number_format_i18n( $tier['from'] ) ), wp_kses_post( wc_price( $shown ) ) )
			. '</li>';
	}
	return '<div class="sws-quantity-tiers"><p class="sws-quantity-tiers-title">' . esc_html__( 'Price by quantity', 'sage-woo-sync' ) . '</p><ul>' . $items . '</ul></div>';
}

add_action(
	'woocommerce_single_product_summary',
	static function () {
		global $product;
		if ( $product instanceof WC_Product && ! $product->is_type( 'variable' ) ) {
			echo sws_quantity_tiers_html( $product ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped when built.
		}
	},
	11
);

// A variation's tiers come with its price when the customer picks it.
add_filter(
	'woocommerce_available_variation',
	static function ( $data, $parent, $variation ) {
		if ( is_array( $data ) && $variation instanceof WC_Product ) {
			$data['price_html'] = ( isset( $data['price_html'] ) ? $data['price_html'] : '' ) . sws_quantity_tiers_html( $variation );
		}
		return $data;
	},
	20,
	3
);
