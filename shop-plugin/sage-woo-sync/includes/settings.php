<?php
/**
 * Settings of the shop side (options, WooCommerce → Sage Woo Sync, and /wp/v2/settings for
 * administrators):
 *
 * - sws_pricing_strategy, sws_rounding, sws_unit_price_decimals: how the price formula folds
 *   and rounds discounts. They MUST equal the connector's `pricing.strategy`,
 *   `pricing.rounding` and `pricing.unitPriceDecimals` (defaults highest, half-up, 2), or the
 *   shop shows other prices than the ones the price sync checked;
 * - sws_guest_prices: what visitors and customers without a contract price see: 'hide'
 *   (default: no price, "Log in to see your prices", not purchasable — a B2B shop never shows
 *   someone a price that is not theirs), 'category:<K>' (the price of category K) or 'regular'
 *   (WooCommerce's own price, untouched);
 * - sws_meta_keys: the contract's meta keys, when the connector's `prices.meta`,
 *   `catalog.meta`, `stock.meta` or `customers.meta` changed them;
 * - sws_depot_codes: Sage depot number → the key it has in `sage_stock_by_depot` (the customer
 *   meta `sage_home_depot` holds a depot number; the stock meta is keyed by depot code, group
 *   code or number, per the connector's `stock.depotKey`, `stock.codes`, `stock.groups`);
 * - sws_depot_names: depot key → name shown to customers (else the key).
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/** Combination strategies of the connector (shared/price-engine/types.ts). */
const SWS_STRATEGIES = array( 'highest', 'priority', 'cumulative', 'cascade' );
/** Rounding modes of the connector (shared/price-engine/rounding.ts). */
const SWS_ROUNDING_MODES = array( 'half-up', 'half-even', 'down', 'up' );

/**
 * The contract's meta keys by role, with the connector's defaults.
 *
 * @return array<string, string>
 */
function sws_default_meta_keys() {
	return array(
		'product_prices'    => 'sage_prices',
		'product_rules'     => 'sage_price_rules',
		'product_tiers'     => 'sage_price_tiers',
		'family'            => 'sage_family',
		'stock_by_depot'    => 'sage_stock_by_depot',
		'price_category'    => 'sage_price_category',
		'family_discounts'  => 'sage_family_discounts',
		'customer_discount' => 'sage_customer_discount',
		'customer_prices'   => 'sage_customer_prices',
		'customer_tiers'    => 'sage_customer_price_tiers',
		'account'           => 'sage_account',
		'central'           => 'sage_central',
		'home_depot'        => 'sage_home_depot',
		'vat_number'        => 'sage_vat_number',
		'siret'             => 'sage_siret',
		'customer_codes'    => 'sage_customer_codes',
	);
}

/**
 * The meta key of a role (see sws_default_meta_keys()).
 *
 * @param string $role Role name.
 * @return string
 */
function sws_meta_key( $role ) {
	$keys   = sws_default_meta_keys();
	$option = get_option( 'sws_meta_keys', array() );
	if ( is_array( $option ) && isset( $option[ $role ] ) && is_string( $option[ $role ] ) && '' !== trim( $option[ $role ] ) ) {
		return trim( $option[ $role ] );
	}
	return isset( $keys[ $role ] ) ? $keys[ $role ] : '';
}

/**
 * The price formula's settings, validated (invalid values fall back to the connector's
 * defaults).
 *
 * @return array{decimals: int, mode: string, strategy: string}
 */
function sws_formula() {
	$formula  = sws_default_formula();
	$strategy = get_option( 'sws_pricing_strategy', $formula['strategy'] );
	$mode     = get_option( 'sws_rounding', $formula['mode'] );
	$decimals = get_option( 'sws_unit_price_decimals', $formula['decimals'] );
	if ( in_array( $strategy, SWS_STRATEGIES, true ) ) {
		$formula['strategy'] = $strategy;
	}
	if ( in_array( $mode, SWS_ROUNDING_MODES, true ) ) {
		$formula['mode'] = $mode;
	}
	if ( is_numeric( $decimals ) && (int) $decimals >= 0 && (int) $decimals <= 6 ) {
		$formula['decimals'] = (int) $decimals;
	}
	return $formula;
}

/**
 * What someone without a contract price sees.
 *
 * @return array{mode: string, category: string} mode 'hide' | 'category' | 'regular'.
 */
function sws_guest_prices() {
	$value = sws_sanitize_guest_prices( get_option( 'sws_guest_prices', 'hide' ) );
	if ( 0 === strpos( $value, 'category:' ) ) {
		return array(
			'mode'     => 'category',
			'category' => substr( $value, strlen( 'category:' ) ),
		);
	}
	return array(
		'mode'     => $value,
		'category' => '',
	);
}

/**
 * Depot number → key in the stock meta.
 *
 * @return array<string, string>
 */
function sws_depot_codes() {
	return sws_sanitize_string_map( get_option( 'sws_depot_codes', array() ) );
}

/**
 * Depot key → name.
 *
 * @return array<string, string>
 */
function sws_depot_names() {
	return sws_sanitize_string_map( get_option( 'sws_depot_names', array() ) );
}

/**
 * Sanitises sws_guest_prices: 'hide', 'regular' or 'category:<K>'; anything else is 'hide'.
 *
 * @param mixed $value Submitted value.
 * @return string
 */
function sws_sanitize_guest_prices( $value ) {
	$value = is_string( $value ) ? trim( $value ) : '';
	if ( 'regular' === $value || 'hide' === $value ) {
		return $value;
	}
	if ( preg_match( '/^category:([^\s]{1,32})$/', $value ) ) {
		return $value;
	}
	return 'hide';
}

/**
 * Sanitises a key → text map given as an array (REST) or as "key = value" lines (the form).
 *
 * @param mixed $value Submitted value.
 * @return array<string, string>
 */
function sws_sanitize_string_map( $value ) {
	if ( is_string( $value ) ) {
		$lines = preg_split( '/\r\n|\r|\n/', $value );
		$value = array();
		foreach ( (array) $lines as $line ) {
			$parts = explode( '=', (string) $line, 2 );
			if ( 2 === count( $parts ) ) {
				$value[ trim( $parts[0] ) ] = trim( $parts[1] );
			}
		}
	}
	if ( $value instanceof stdClass ) {
		$value = get_object_vars( $value );
	}
	$out = array();
	if ( is_array( $value ) ) {
		foreach ( $value as $key => $text ) {
			$key = trim( (string) $key );
			if ( '' !== $key && ( is_string( $text ) || is_int( $text ) ) && '' !== trim( (string) $text ) ) {
				$out[ $key ] = sanitize_text_field( (string) $text );
			}
		}
	}
	return $out;
}

/**
 * Sanitises sws_meta_keys: known roles only, keys that do not start with "_".
 *
 * @param mixed $value Submitted value.
 * @return array<string, string>
 */
function sws_sanitize_meta_keys( $value ) {
	$out      = array();
	$defaults = sws_default_meta_keys();
	foreach ( sws_sanitize_string_map( $value ) as $role => $key ) {
		if ( isset( $defaults[ $role ] ) && preg_match( '/^[^_\s][^\s]{0,99}$/', $key ) ) {
			$out[ $role ] = $key;
		}
	}
	return $out;
}

add_action(
	'init',
	static function () {
		$string_map = array(
			'schema' => array(
				'type'                 => 'object',
				'additionalProperties' => array( 'type' => 'string' ),
			),
		);
		register_setting(
			'sws_settings',
			'sws_pricing_strategy',
			array(
				'type'              => 'string',
				'default'           => 'highest',
				'show_in_rest'      => array( 'schema' => array( 'enum' => SWS_STRATEGIES ) ),
				'sanitize_callback' => static function ( $value ) {
					return in_array( $value, SWS_STRATEGIES, true ) ? $value : 'highest';
				},
			)
		);
		register_setting(
			'sws_settings',
			'sws_rounding',
			array(
				'type'              => 'string',
				'default'           => 'half-up',
				'show_in_rest'      => array( 'schema' => array( 'enum' => SWS_ROUNDING_MODES ) ),
				'sanitize_callback' => static function ( $value ) {
					return in_array( $value, SWS_ROUNDING_MODES, true ) ? $value : 'half-up';
				},
			)
		);
		register_setting(
			'sws_settings',
			'sws_unit_price_decimals',
			array(
				'type'              => 'integer',
				'default'           => 2,
				'show_in_rest'      => array(
					'schema' => array(
						'minimum' => 0,
						'maximum' => 6,
					),
				),
				'sanitize_callback' => static function ( $value ) {
					return is_numeric( $value ) ? max( 0, min( 6, (int) $value ) ) : 2;
				},
			)
		);
		register_setting(
			'sws_settings',
			'sws_guest_prices',
			array(
				'type'              => 'string',
				'default'           => 'hide',
				'show_in_rest'      => true,
				'sanitize_callback' => 'sws_sanitize_guest_prices',
			)
		);
		register_setting(
			'sws_settings',
			'sws_meta_keys',
			array(
				'type'              => 'object',
				'default'           => array(),
				'show_in_rest'      => $string_map,
				'sanitize_callback' => 'sws_sanitize_meta_keys',
			)
		);
		foreach ( array( 'sws_depot_codes', 'sws_depot_names' ) as $option ) {
			register_setting(
				'sws_settings',
				$option,
				array(
					'type'              => 'object',
					'default'           => array(),
					'show_in_rest'      => $string_map,
					'sanitize_callback' => 'sws_sanitize_string_map',
				)
			);
		}
	}
);

add_action(
	'admin_menu',
	static function () {
		add_submenu_page(
			'woocommerce',
			__( 'Sage Woo Sync', 'sage-woo-sync' ),
			__( 'Sage Woo Sync', 'sage-woo-sync' ),
			'manage_woocommerce',
			'sws-settings',
			'sws_render_settings_page'
		);
	}
);

/**
 * "key = value" lines of a map, for a textarea.
 *
 * @param array $map Map.
 * @return string
 */
function sws_map_lines( $map ) {
	$lines = array();
	foreach ( $map as $key => $value ) {
		$lines[] = $key . ' = ' . $value;
	}
	return implode( "\n", $lines );
}

/** The settings page. */
function sws_render_settings_page() {
	if ( ! current_user_can( 'manage_woocommerce' ) ) {
		return;
	}
	$formula = sws_formula();
	$keys    = array();
	foreach ( array_keys( sws_default_meta_keys() ) as $role ) {
		$keys[ $role ] = sws_meta_key( $role );
	}
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Sage Woo Sync', 'sage-woo-sync' ); ?></h1>
		<p><?php esc_html_e( 'The formula settings must be the ones of the connector (pricing.strategy, pricing.rounding, pricing.unitPriceDecimals), or customers see other prices than the ones the price sync checked.', 'sage-woo-sync' ); ?></p>
		<form method="post" action="options.php">
			<?php settings_fields( 'sws_settings' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="sws_pricing_strategy"><?php esc_html_e( 'Discount combination', 'sage-woo-sync' ); ?></label></th>
					<td><select id="sws_pricing_strategy" name="sws_pricing_strategy">
						<?php foreach ( SWS_STRATEGIES as $strategy ) : ?>
							<option value="<?php echo esc_attr( $strategy ); ?>" <?php selected( $formula['strategy'], $strategy ); ?>><?php echo esc_html( $strategy ); ?></option>
						<?php endforeach; ?>
					</select></td>
				</tr>
				<tr>
					<th scope="row"><label for="sws_rounding"><?php esc_html_e( 'Rounding', 'sage-woo-sync' ); ?></label></th>
					<td><select id="sws_rounding" name="sws_rounding">
						<?php foreach ( SWS_ROUNDING_MODES as $mode ) : ?>
							<option value="<?php echo esc_attr( $mode ); ?>" <?php selected( $formula['mode'], $mode ); ?>><?php echo esc_html( $mode ); ?></option>
						<?php endforeach; ?>
					</select></td>
				</tr>
				<tr>
					<th scope="row"><label for="sws_unit_price_decimals"><?php esc_html_e( 'Unit price decimals', 'sage-woo-sync' ); ?></label></th>
					<td><input id="sws_unit_price_decimals" name="sws_unit_price_decimals" type="number" min="0" max="6" value="<?php echo esc_attr( (string) $formula['decimals'] ); ?>" /></td>
				</tr>
				<tr>
					<th scope="row"><label for="sws_guest_prices"><?php esc_html_e( 'Visitors and customers without a contract price', 'sage-woo-sync' ); ?></label></th>
					<td><input id="sws_guest_prices" name="sws_guest_prices" type="text" value="<?php echo esc_attr( (string) get_option( 'sws_guest_prices', 'hide' ) ); ?>" />
						<p class="description"><?php esc_html_e( '"hide" (no price, log in to see prices), "category:K" (the price of category K) or "regular" (the WooCommerce price).', 'sage-woo-sync' ); ?></p></td>
				</tr>
				<tr>
					<th scope="row"><label for="sws_meta_keys"><?php esc_html_e( 'Meta keys', 'sage-woo-sync' ); ?></label></th>
					<td><textarea id="sws_meta_keys" name="sws_meta_keys" rows="8" cols="50"><?php echo esc_textarea( sws_map_lines( $keys ) ); ?></textarea></td>
				</tr>
				<tr>
					<th scope="row"><label for="sws_depot_codes"><?php esc_html_e( 'Depot number = stock key', 'sage-woo-sync' ); ?></label></th>
					<td><textarea id="sws_depot_codes" name="sws_depot_codes" rows="5" cols="50"><?php echo esc_textarea( sws_map_lines( sws_depot_codes() ) ); ?></textarea></td>
				</tr>
				<tr>
					<th scope="row"><label for="sws_depot_names"><?php esc_html_e( 'Stock key = depot name', 'sage-woo-sync' ); ?></label></th>
					<td><textarea id="sws_depot_names" name="sws_depot_names" rows="5" cols="50"><?php echo esc_textarea( sws_map_lines( sws_depot_names() ) ); ?></textarea></td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
