<?php
/**
 * The customer's Sage identity, read-only: account, VAT number, SIRET, home depot, central
 * (user meta written by the connector's customers sync), on the My Account dashboard, above
 * the account details form, and on the user's admin profile.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/**
 * Label → value of a user's Sage identity (empty values left out).
 *
 * @param int $user_id User.
 * @return array<string, string>
 */
function sws_customer_identity( $user_id ) {
	$fields = array(
		'account'    => __( 'Sage account', 'sage-woo-sync' ),
		'vat_number' => __( 'VAT number', 'sage-woo-sync' ),
		'siret'      => __( 'SIRET', 'sage-woo-sync' ),
		'home_depot' => __( 'Home depot', 'sage-woo-sync' ),
		'central'    => __( 'Purchasing central', 'sage-woo-sync' ),
	);
	$out    = array();
	foreach ( $fields as $role => $label ) {
		$value = sws_user_text( $user_id, $role );
		if ( '' === $value ) {
			continue;
		}
		if ( 'home_depot' === $role ) {
			$value = sws_home_depot_label( $value );
		}
		$out[ $role ] = array(
			'label' => $label,
			'value' => $value,
		);
	}
	return $out;
}

/**
 * "Lyon Gerland (1)" for a depot number with a known key and name, else the value.
 *
 * @param string $home Value of the home depot meta.
 * @return string
 */
function sws_home_depot_label( $home ) {
	$codes = sws_depot_codes();
	$key   = isset( $codes[ $home ] ) ? $codes[ $home ] : $home;
	$name  = sws_depot_name( $key );
	return $name === $home ? $home : $name . ' (' . $home . ')';
}

/**
 * The identity as a read-only table.
 *
 * @param int    $user_id User.
 * @param string $class   CSS class of the table.
 * @return string HTML.
 */
function sws_customer_identity_html( $user_id, $class ) {
	$identity = sws_customer_identity( $user_id );
	if ( array() === $identity ) {
		return '';
	}
	$rows = '';
	foreach ( $identity as $role => $field ) {
		$rows .= '<tr class="sws-identity__' . esc_attr( $role ) . '"><th scope="row">' . esc_html( $field['label'] )
			. '</th><td>' . esc_html( $field['value'] ) . '</td></tr>';
	}
	return '<table class="' . esc_attr( $class ) . '"><tbody>' . $rows . '</tbody></table>';
}

add_action(
	'woocommerce_account_dashboard',
	static function () {
		$html = sws_customer_identity_html( get_current_user_id(), 'sws-identity shop_table' );
		if ( '' !== $html ) {
			echo '<h3 class="sws-identity-title">' . esc_html__( 'Your company in Sage', 'sage-woo-sync' ) . '</h3>';
			echo $html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in sws_customer_identity_html().
		}
	}
);

add_action(
	'woocommerce_edit_account_form_start',
	static function () {
		$html = sws_customer_identity_html( get_current_user_id(), 'sws-identity shop_table' );
		if ( '' !== $html ) {
			echo '<fieldset class="sws-identity-fieldset"><legend>' . esc_html__( 'Your company in Sage (read-only)', 'sage-woo-sync' ) . '</legend>';
			echo $html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in sws_customer_identity_html().
			echo '</fieldset>';
		}
	}
);

/**
 * The admin profile section.
 *
 * @param WP_User $user Profile shown.
 */
function sws_render_profile_identity( $user ) {
	if ( ! $user instanceof WP_User ) {
		return;
	}
	echo '<h2>' . esc_html__( 'Sage identity (from the connector, read-only)', 'sage-woo-sync' ) . '</h2>';
	$html = sws_customer_identity_html( $user->ID, 'form-table sws-identity' );
	echo '' === $html
		? '<p>' . esc_html__( 'No Sage account is linked to this user.', 'sage-woo-sync' ) . '</p>'
		: $html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in sws_customer_identity_html().
}
add_action( 'show_user_profile', 'sws_render_profile_identity' );
add_action( 'edit_user_profile', 'sws_render_profile_identity' );
