<?php
/**
 * The "order on account" payment method in the block checkout (and the Store API's payment
 * method data); assets/js/gateway-on-account.js registers it in the browser, without build step.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

use Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType;

/**
 * Block checkout integration of SWS_Gateway_On_Account.
 */
final class SWS_Gateway_On_Account_Blocks extends AbstractPaymentMethodType {

	/**
	 * Payment method id.
	 *
	 * @var string
	 */
	protected $name = SWS_ON_ACCOUNT_GATEWAY;

	/** Reads the gateway's settings. */
	public function initialize() {
		$this->settings = get_option( 'woocommerce_' . SWS_ON_ACCOUNT_GATEWAY . '_settings', array() );
	}

	/**
	 * Whether the gateway is enabled (then its script is enqueued).
	 *
	 * @return bool
	 */
	public function is_active() {
		return filter_var( $this->get_setting( 'enabled', false ), FILTER_VALIDATE_BOOLEAN );
	}

	/**
	 * The script registering the method in the block checkout.
	 *
	 * @return string[]
	 */
	public function get_payment_method_script_handles() {
		wp_register_script(
			'sws-gateway-on-account',
			plugins_url( 'assets/js/gateway-on-account.js', SWS_PLUGIN_FILE ),
			array( 'wc-blocks-registry', 'wc-settings', 'wp-element', 'wp-html-entities' ),
			SWS_PLUGIN_VERSION,
			true
		);
		return array( 'sws-gateway-on-account' );
	}

	/**
	 * Title, description and availability for the current customer.
	 *
	 * @return array
	 */
	public function get_payment_method_data() {
		$gateways  = function_exists( 'WC' ) && WC()->payment_gateways() ? WC()->payment_gateways()->payment_gateways() : array();
		$gateway   = $gateways[ SWS_ON_ACCOUNT_GATEWAY ] ?? null;
		$available = $gateway instanceof WC_Payment_Gateway && $gateway->is_available();
		return array(
			'title'       => $this->get_setting( 'title', __( 'Order on account', 'sage-woo-sync' ) ),
			'description' => $this->get_setting( 'description', '' ),
			'available'   => $available,
			'supports'    => $gateway instanceof WC_Payment_Gateway ? array_values( $gateway->supports ) : array( 'products' ),
		);
	}
}
