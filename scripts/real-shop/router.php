<?php
/**
 * Router for PHP's built-in web server serving a local WooCommerce test store.
 *
 * - Marks every request as HTTPS: WooCommerce only accepts Basic auth (REST keys) when
 *   is_ssl() is true, and the built-in server speaks plain HTTP only.
 * - Serves existing static files as they are, runs existing PHP files, and sends every other
 *   path to WordPress's front controller (pretty permalinks, /wp-json/...).
 */
$_SERVER['HTTPS'] = 'on';

$root = $_SERVER['DOCUMENT_ROOT'];
$path = urldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
$file = realpath( $root . $path );

if ( false !== $file && 0 === strpos( $file, realpath( $root ) ) ) {
	if ( is_dir( $file ) && is_file( $file . '/index.php' ) ) {
		$file .= '/index.php';
	}
	if ( is_file( $file ) ) {
		if ( '.php' !== substr( $file, -4 ) ) {
			return false; // static file: the built-in server sends it.
		}
		$_SERVER['SCRIPT_FILENAME'] = $file;
		$_SERVER['SCRIPT_NAME']     = substr( $file, strlen( realpath( $root ) ) );
		$_SERVER['PHP_SELF']        = $_SERVER['SCRIPT_NAME'];
		chdir( dirname( $file ) );
		require $file;
		return;
	}
}

$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
chdir( $root );
require $root . '/index.php';
