<?php
/**
 * Order on account: the payment gateway `sws_on_account` for B2B customers (logged-in users with
 * a Sage account, user meta `sage_account`). No online payment: the order goes straight to the
 * connector's "awaiting validation" status (option `sws_on_account_status`, default
 * `awaiting-valid`, registered by order-statuses.php) and the sales rep validates it in Sage.
 *
 * Registered for the classic checkout (woocommerce_payment_gateways) and for the block
 * checkout and the Store API (woocommerce_blocks_payment_method_type_registration). Shipping is
 * left to the shop's shipping zones (readme.txt: a free shipping method for B2B customers).
 *
 * The classes live in includes/gateway/, loaded once WooCommerce is: this file is loaded before
 * WooCommerce (plugins load in alphabetical order).
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/** The gateway's id (WooCommerce payment method id). */
const SWS_ON_ACCOUNT_GATEWAY = 'sws_on_account';

/**
 * The status an order on account is put in (without the `wc-` prefix): the option
 * `sws_on_account_status` when WooCommerce knows it, else `awaiting-valid`, else `on-hold`.
 *
 * @return string
 */
function sws_on_account_status() {
	$known  = function_exists( 'wc_get_order_statuses' ) ? array_keys( wc_get_order_statuses() ) : array();
	$wanted = sws_sanitize_on_account_status( get_option( 'sws_on_account_status', 'awaiting-valid' ) );
	foreach ( array( $wanted, 'awaiting-valid', 'on-hold' ) as $status ) {
		if ( in_array( 'wc-' . $status, $known, true ) ) {
			return $status;
		}
	}
	return 'on-hold';
}

/**
 * Sanitises sws_on_account_status: a status slug without the `wc-` prefix.
 *
 * @param mixed $value Submitted value.
 * @return string
 */
function sws_sanitize_on_account_status( $value ) {
	$value = is_string( $value ) ? sanitize_key( $value ) : '';
	if ( 0 === strpos( $value, 'wc-' ) ) {
		$value = substr( $value, 3 );
	}
	return ( '' === $value || strlen( $value ) > 17 ) ? 'awaiting-valid' : $value;
}

/**
 * Whether a user may order on account: a Sage account in their meta.
 *
 * @param int $user_id User.
 * @return bool
 */
function sws_user_has_sage_account( $user_id ) {
	return $user_id > 0 && '' !== sws_user_text( $user_id, 'account' );
}

/** Loads the gateway class (once WooCommerce's payment gateway class exists). */
function sws_load_on_account_gateway() {
	if ( ! class_exists( 'SWS_Gateway_On_Account' ) && class_exists( 'WC_Payment_Gateway' ) ) {
		require_once __DIR__ . '/gateway/class-sws-gateway-on-account.php';
	}
	return class_exists( 'SWS_Gateway_On_Account' );
}

add_action(
	'init',
	static function () {
		register_setting(
			'sws_settings',
			'sws_on_account_status',
			array(
				'type'              => 'string',
				'default'           => 'awaiting-valid',
				'show_in_rest'      => true,
				'sanitize_callback' => 'sws_sanitize_on_account_status',
			)
		);
	}
);

add_filter(
	'woocommerce_payment_gateways',
	static function ( $gateways ) {
		if ( sws_load_on_account_gateway() ) {
			$gateways[] = 'SWS_Gateway_On_Account';
		}
		return $gateways;
	}
);

add_action(
	'woocommerce_blocks_payment_method_type_registration',
	static function ( $registry ) {
		if ( ! class_exists( \Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType::class ) ) {
			return;
		}
		require_once __DIR__ . '/gateway/class-sws-gateway-on-account-blocks.php';
		$registry->register( new SWS_Gateway_On_Account_Blocks() );
	}
);
