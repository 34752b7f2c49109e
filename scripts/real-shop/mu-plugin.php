<?php
/**
 * Plugin Name: sage-woo-sync test store environment
 * Description: Only for the local test store stood up by scripts/real-shop.sh. Never install on a real shop.
 *
 * - no e-mail leaves the store;
 * - webhooks may be delivered to loopback addresses (the connector's webhook server in tests);
 * - the store's own loopback requests (WP-Cron spawn, Action Scheduler's async runner) go over
 *   plain HTTP: the site URL says https (the router marks requests as HTTPS) but the built-in
 *   server has no TLS, so without this no webhook delivery would ever run.
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'pre_wp_mail', '__return_true' );

add_filter(
	'http_request_host_is_external',
	static function ( $external, $host ) {
		return $external || in_array( $host, array( '127.0.0.1', 'localhost', '::1' ), true );
	},
	10,
	2
);

add_filter(
	'http_request_args',
	static function ( $args ) {
		$args['reject_unsafe_urls'] = false;
		$args['sslverify']          = false;
		return $args;
	}
);

/** https://<this store>/… → http://<this store>/… for requests the store makes to itself. */
function sws_test_store_plain_http( $url ) {
	$home = wp_parse_url( home_url() );
	$to   = wp_parse_url( $url );
	if ( ! is_array( $home ) || ! is_array( $to ) || ( $to['scheme'] ?? '' ) !== 'https' ) {
		return $url;
	}
	$same_host = ( $to['host'] ?? '' ) === ( $home['host'] ?? '' )
		&& (int) ( $to['port'] ?? 443 ) === (int) ( $home['port'] ?? 443 );
	return $same_host ? 'http://' . substr( $url, strlen( 'https://' ) ) : $url;
}

add_filter(
	'cron_request',
	static function ( $request ) {
		$request['url']                   = sws_test_store_plain_http( $request['url'] );
		$request['args']['sslverify']     = false;
		return $request;
	}
);

add_filter(
	'pre_http_request',
	static function ( $response, $args, $url ) {
		$plain = sws_test_store_plain_http( $url );
		if ( $plain === $url ) {
			return $response;
		}
		return wp_remote_request( $plain, $args );
	},
	10,
	3
);

/*
 * POST /wp-json/wc-sws-test/v1/run-queue: runs Action Scheduler's queue now (webhook
 * deliveries are queued there). On a live store WP-Cron runs it on a later page load, at most
 * once a minute; tests call this instead of waiting. The `wc-` namespace lets the store's REST
 * keys authenticate it.
 */
add_action(
	'rest_api_init',
	static function () {
		register_rest_route(
			'wc-sws-test/v1',
			'/run-queue',
			array(
				'methods'             => 'POST',
				'permission_callback' => static function () {
					return current_user_can( 'manage_woocommerce' );
				},
				'callback'            => static function () {
					$store   = ActionScheduler::store();
					$pending = $store->query_actions(
						array(
							'status'   => ActionScheduler_Store::STATUS_PENDING,
							'date'     => as_get_datetime_object(),
							'per_page' => 500,
						)
					);
					$runner  = new ActionScheduler_QueueRunner( $store );
					$ran     = 0;
					foreach ( $pending as $action_id ) {
						$runner->process_action( $action_id, 'sws-test' );
						++$ran;
					}
					return array( 'ran' => $ran );
				},
			)
		);
	}
);
