<?php
/**
 * Reading the connector's data contract from WordPress (README "Prices", "Catalog and stock",
 * "Customers"): product / variation meta and user meta, turned into the plain arrays the pure
 * formula (pricing-formula.php) takes. Missing or malformed meta reads as "no data".
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/**
 * A product's or variation's own meta value ('' when absent), without view filters.
 *
 * @param WC_Product $product Product or variation.
 * @param string     $role    Role of the key (sws_default_meta_keys()).
 * @return mixed
 */
function sws_product_meta( $product, $role ) {
	$key = sws_meta_key( $role );
	return '' === $key ? '' : $product->get_meta( $key, true, 'edit' );
}

/**
 * A user's meta value ('' when absent).
 *
 * @param int    $user_id User.
 * @param string $role    Role of the key.
 * @return mixed
 */
function sws_user_meta( $user_id, $role ) {
	$key = sws_meta_key( $role );
	return '' === $key || $user_id <= 0 ? '' : get_user_meta( $user_id, $key, true );
}

/**
 * The product side of the contract: SKU, family, category prices and rules. A variation reads
 * its own meta (the connector writes every variation like a product).
 *
 * @param WC_Product $product Product or variation.
 * @return array
 */
function sws_product_contract( $product ) {
	return sws_contract_product(
		(string) $product->get_sku(),
		sws_product_meta( $product, 'family' ),
		sws_product_meta( $product, 'product_prices' ),
		sws_product_meta( $product, 'product_rules' ),
		sws_product_meta( $product, 'product_tiers' )
	);
}

/**
 * The customer side of the contract (effective conditions) of a user.
 *
 * @param int $user_id User.
 * @return array
 */
function sws_customer_contract( $user_id ) {
	return sws_contract_customer(
		sws_user_meta( $user_id, 'price_category' ),
		sws_user_meta( $user_id, 'family_discounts' ),
		sws_user_meta( $user_id, 'customer_discount' ),
		sws_user_meta( $user_id, 'customer_prices' ),
		sws_user_meta( $user_id, 'customer_tiers' )
	);
}

/**
 * Whether a customer contract can price anything: a category or specific prices.
 *
 * @param array $customer From sws_customer_contract().
 * @return bool
 */
function sws_has_contract( $customer ) {
	return ( null !== $customer['price_category'] && '' !== $customer['price_category'] )
		|| array() !== $customer['customer_prices'];
}

/**
 * A user's text meta for display ('' when absent or not text).
 *
 * @param int    $user_id User.
 * @param string $role    Role of the key.
 * @return string
 */
function sws_user_text( $user_id, $role ) {
	$value = sws_contract_scalar( sws_user_meta( $user_id, $role ) );
	return null === $value ? '' : trim( $value );
}
