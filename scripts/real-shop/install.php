<?php
/**
 * Installs and configures the local WooCommerce test store; run by scripts/real-shop.sh with
 * php-cli, twice: `install.php core` (WordPress itself) then `install.php shop` (WooCommerce
 * loaded as a normal request would: its installer runs on `init`).
 *
 * Environment: SWS_SHOP_WP (WordPress folder), SWS_SHOP_URL (https://127.0.0.1:PORT),
 * SWS_SHOP_ADMIN_PASSWORD, SWS_SHOP_CONSUMER_KEY, SWS_SHOP_CONSUMER_SECRET. Prints JSON facts.
 */

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}

$sws_step = $argv[1] ?? '';
$sws_env  = static function ( string $name ): string {
	$value = getenv( $name );
	if ( false === $value || '' === $value ) {
		fwrite( STDERR, "install.php: $name is not set\n" );
		exit( 2 );
	}
	return $value;
};
$sws_url  = $sws_env( 'SWS_SHOP_URL' );
$sws_host = (string) parse_url( $sws_url, PHP_URL_HOST ) . ':' . (string) parse_url( $sws_url, PHP_URL_PORT );

$_SERVER['HTTP_HOST']   = $sws_host;
$_SERVER['HTTPS']       = 'on';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = (string) parse_url( $sws_url, PHP_URL_HOST );

if ( 'core' === $sws_step ) {
	define( 'WP_INSTALLING', true );
	require $sws_env( 'SWS_SHOP_WP' ) . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( ! is_blog_installed() ) {
		wp_install( 'sage-woo-sync test store', 'admin', 'admin@shop.example.test', false, '', $sws_env( 'SWS_SHOP_ADMIN_PASSWORD' ), 'en_US' );
	}
	update_option( 'siteurl', $sws_url );
	update_option( 'home', $sws_url );
	update_option( 'permalink_structure', '/%postname%/' );
	$sws_plugins = array( 'woocommerce/woocommerce.php' );
	if ( is_file( WP_PLUGIN_DIR . '/sage-woo-sync/sage-woo-sync.php' ) ) {
		$sws_plugins[] = 'sage-woo-sync/sage-woo-sync.php';
	}
	update_option( 'active_plugins', $sws_plugins );
	update_option( 'timezone_string', 'Europe/Paris' );
	echo wp_json_encode( array( 'core' => 'installed' ) ), "\n";
	exit( 0 );
}

if ( 'url' === $sws_step ) {
	// The store was moved to another port: WordPress keeps its URL in two options.
	define( 'WP_INSTALLING', true );
	require $sws_env( 'SWS_SHOP_WP' ) . '/wp-load.php';
	update_option( 'siteurl', $sws_url );
	update_option( 'home', $sws_url );
	echo wp_json_encode( array( 'url' => $sws_url ) ), "\n";
	exit( 0 );
}

if ( 'shop' !== $sws_step ) {
	fwrite( STDERR, "usage: install.php core|shop|url\n" );
	exit( 2 );
}

require $sws_env( 'SWS_SHOP_WP' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if ( ! class_exists( 'WooCommerce' ) ) {
	fwrite( STDERR, "install.php: WooCommerce did not load\n" );
	exit( 1 );
}
if ( get_option( 'woocommerce_version' ) !== WC()->version ) {
	WC_Install::install();
}
// A new install sends the first admin page of the next 30 s to WooCommerce's setup home: the
// store is configured below, and an admin page opened early must show what was asked for.
delete_transient( '_wc_activation_redirect' );

// The store as the customer's shop is configured: EUR, France, prices excluding tax.
update_option( 'woocommerce_currency', 'EUR' );
update_option( 'woocommerce_default_country', 'FR' );
update_option( 'woocommerce_prices_include_tax', 'no' );
update_option( 'woocommerce_price_num_decimals', '2' );
update_option( 'woocommerce_onboarding_profile', array( 'skipped' => true ) );
update_option( 'woocommerce_coming_soon', 'no' );
update_option( 'woocommerce_store_pages_only', 'no' );

// HPOS on, no sync back to posts.
update_option( 'woocommerce_custom_orders_table_enabled', 'yes' );
update_option( 'woocommerce_custom_orders_table_data_sync_enabled', 'no' );
update_option( 'woocommerce_feature_custom_order_tables_enabled', 'yes' );

// Email improvements as on a new install (e-mail settings then carry Cc/Bcc). WooCommerce turns
// them on from its "newly installed" hook, which runs on a later request at a moment of its own
// choosing: set here so every store answers the same from its first request.
update_option( 'woocommerce_feature_email_improvements_enabled', 'yes' );
update_option( 'woocommerce_email_improvements_default_enabled', 'yes' );

// No "new account" e-mail: the connector creates accounts in bulk.
$sws_new_account            = get_option( 'woocommerce_customer_new_account_settings', array() );
$sws_new_account            = is_array( $sws_new_account ) ? $sws_new_account : array();
$sws_new_account['enabled'] = 'no';
update_option( 'woocommerce_customer_new_account_settings', $sws_new_account );

// Pretty permalinks, with WooCommerce's product base.
update_option( 'permalink_structure', '/%postname%/' );
flush_rewrite_rules( true );

// A read/write REST key for the administrator.
global $wpdb;
$sws_ck = $sws_env( 'SWS_SHOP_CONSUMER_KEY' );
$wpdb->query( "DELETE FROM {$wpdb->prefix}woocommerce_api_keys WHERE description = 'sage-woo-sync'" );
$wpdb->insert(
	$wpdb->prefix . 'woocommerce_api_keys',
	array(
		'user_id'         => 1,
		'description'     => 'sage-woo-sync',
		'permissions'     => 'read_write',
		'consumer_key'    => wc_api_hash( $sws_ck ),
		'consumer_secret' => $sws_env( 'SWS_SHOP_CONSUMER_SECRET' ),
		'truncated_key'   => substr( $sws_ck, -7 ),
	)
);

// An application password for the administrator (WordPress media uploads refuse REST keys).
$sws_app = WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'sage-woo-sync' ) );
if ( is_wp_error( $sws_app ) ) {
	fwrite( STDERR, 'install.php: application password: ' . $sws_app->get_error_message() . "\n" );
	exit( 1 );
}

$sws_hpos = wc_get_container()
	->get( Automattic\WooCommerce\Internal\DataStores\Orders\CustomOrdersTableController::class )
	->custom_orders_table_usage_is_enabled();

echo wp_json_encode(
	array(
		'woocommerce'         => WC()->version,
		'wordpress'           => get_bloginfo( 'version' ),
		'hpos'                => $sws_hpos,
		'applicationPassword' => $sws_app[0],
	)
), "\n";
