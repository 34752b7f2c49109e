<?php
/**
 * Plugin Name:       Sage Woo Sync – shop side
 * Description:       Shows B2B customers what the sage-woo-sync connector writes: their own net price, their depot's stock, their orders' Sage statuses and their invoices.
 * Version:           0.1.0
 * Requires at least: 6.4
 * Requires PHP:      8.1
 * Requires Plugins:  woocommerce
 * WC requires at least: 8.0
 * WC tested up to:   10.0
 * Author:            sage-woo-sync
 * License:           GPL-2.0-or-later
 * Text Domain:       sage-woo-sync
 * Domain Path:       /languages
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

define( 'SWS_PLUGIN_VERSION', '0.1.0' );
/** Version of the data contract (meta keys and formats) this plugin reads. */
define( 'SWS_CONTRACT_VERSION', '2' );
define( 'SWS_PLUGIN_FILE', __FILE__ );
define( 'SWS_PLUGIN_DIR', __DIR__ );

// One module per concern; each registers its own hooks.
foreach ( glob( __DIR__ . '/includes/*.php' ) as $sws_module ) {
	require_once $sws_module;
}
unset( $sws_module );

add_action(
	'before_woocommerce_init',
	static function () {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', SWS_PLUGIN_FILE, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', SWS_PLUGIN_FILE, true );
		}
	}
);

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'sage-woo-sync', false, dirname( plugin_basename( SWS_PLUGIN_FILE ) ) . '/languages' );
	}
);
