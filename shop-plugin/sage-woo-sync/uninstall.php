<?php
/**
 * Uninstall: removes the plugin's options, nothing else. The connector's data (product, user
 * and order meta), the orders and their statuses' history, and the stored invoice PDFs stay:
 * they are the shop's business records (readme.txt, "Uninstall"). Invoice files keep their
 * place in each order's meta, so reinstalling the plugin serves them again.
 *
 * @package SageWooSync
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/** Options of the plugin (settings.php, order-statuses.php, gateway.php, invoices.php). */
function sws_uninstall_options() {
	$options = array(
		'sws_pricing_strategy',
		'sws_rounding',
		'sws_unit_price_decimals',
		'sws_guest_prices',
		'sws_meta_keys',
		'sws_depot_codes',
		'sws_depot_names',
		'sws_order_statuses',
		'sws_on_account_status',
		'woocommerce_sws_on_account_settings',
		'sws_invoice_folder_key',
		'sws_rewrite_version',
	);
	foreach ( $options as $option ) {
		delete_option( $option );
	}
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $sws_site ) {
		switch_to_blog( (int) $sws_site );
		sws_uninstall_options();
		restore_current_blog();
	}
} else {
	sws_uninstall_options();
}
