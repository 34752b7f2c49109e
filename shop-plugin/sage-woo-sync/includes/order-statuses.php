<?php
/**
 * The order statuses of the connector's Sage chain, registered so WooCommerce (admin, My
 * Account, REST enum) knows them. The list is the option `sws_order_statuses` (slug without
 * the `wc-` prefix → label), defaulting to the connector's default mapping.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/**
 * Slug (without `wc-`) → translated label.
 *
 * @return array<string, string>
 */
function sws_order_statuses() {
	$defaults = array(
		'awaiting-valid' => __( 'Awaiting validation', 'sage-woo-sync' ),
		'validated'      => __( 'Validated', 'sage-woo-sync' ),
		'preparing'      => __( 'In preparation', 'sage-woo-sync' ),
		'shipping'       => __( 'Being delivered', 'sage-woo-sync' ),
	);
	$option   = get_option( 'sws_order_statuses', array() );
	$statuses = $defaults;
	if ( is_array( $option ) ) {
		foreach ( $option as $slug => $label ) {
			$slug = sanitize_key( (string) $slug );
			// WooCommerce keeps status slugs within 20 characters, "wc-" included.
			if ( '' !== $slug && strlen( $slug ) <= 17 && is_string( $label ) && '' !== $label ) {
				$statuses[ $slug ] = $label;
			}
		}
	}
	return $statuses;
}

/**
 * The "Label (count)" plural of a status list view, for a label that is already translated.
 *
 * @param string $label Status label.
 * @return array<int|string, string|null>
 */
function sws_status_label_count( $label ) {
	$text = $label . ' <span class="count">(%s)</span>';
	return array(
		0          => $text,
		1          => $text,
		'singular' => $text,
		'plural'   => $text,
		'context'  => null,
		'domain'   => null,
	);
}

add_action(
	'init',
	static function () {
		foreach ( sws_order_statuses() as $slug => $label ) {
			register_post_status(
				'wc-' . $slug,
				array(
					'label'                     => $label,
					'public'                    => false,
					'exclude_from_search'       => false,
					'show_in_admin_all_list'    => true,
					'show_in_admin_status_list' => true,
					// The label is already translated (or the shop's own): a nooped plural built by hand.
					'label_count'               => sws_status_label_count( $label ),
				)
			);
		}
	}
);

add_filter(
	'wc_order_statuses',
	static function ( $statuses ) {
		$out = array();
		foreach ( (array) $statuses as $key => $label ) {
			$out[ $key ] = $label;
			// Sage's chain comes after "Processing" in the admin's status menu.
			if ( 'wc-processing' === $key ) {
				foreach ( sws_order_statuses() as $slug => $custom_label ) {
					$out[ 'wc-' . $slug ] = $custom_label;
				}
			}
		}
		foreach ( sws_order_statuses() as $slug => $custom_label ) {
			$out[ 'wc-' . $slug ] = $out[ 'wc-' . $slug ] ?? $custom_label;
		}
		return $out;
	}
);
