<?php
/**
 * The price the connector's data contract implies for one customer and one SKU: the PHP twin of
 * shared/price-sync/implied-price.ts and shared/price-sync/shop-discounts.ts (README "Prices").
 *
 * Pure PHP, no WordPress call: tests/golden.php loads this file alone and checks it against the
 * golden vectors the TypeScript formula generates (test/fixtures/price-vectors.json).
 *
 * Money is exact: decimals are strings of digits with a scale, computed with integer string
 * arithmetic (no float, no bcmath needed). A value the formula needs that is not a plain decimal
 * ("abc", "1e3", "") makes the whole price "no contract price" (null), never a zero.
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/** A value of the contract that is not a plain decimal number. */
class SWS_Invalid_Decimal extends Exception {
}

/*
 * ---------------------------------------------------------------------------------------------
 * Unsigned integers as digit strings (no leading zeros, "0" for zero).
 * ---------------------------------------------------------------------------------------------
 */

/**
 * Compares two unsigned digit strings.
 *
 * @param string $a Digits.
 * @param string $b Digits.
 * @return int -1, 0 or 1.
 */
function sws_uint_cmp( $a, $b ) {
	$la = strlen( $a );
	$lb = strlen( $b );
	if ( $la !== $lb ) {
		return $la < $lb ? -1 : 1;
	}
	$c = strcmp( $a, $b );
	return $c < 0 ? -1 : ( $c > 0 ? 1 : 0 );
}

/**
 * Strips leading zeros ("" becomes "0").
 *
 * @param string $digits Digits.
 * @return string
 */
function sws_uint_norm( $digits ) {
	$digits = ltrim( $digits, '0' );
	return '' === $digits ? '0' : $digits;
}

/**
 * Sum of two unsigned digit strings.
 *
 * @param string $a Digits.
 * @param string $b Digits.
 * @return string
 */
function sws_uint_add( $a, $b ) {
	if ( strlen( $a ) <= 18 && strlen( $b ) <= 18 ) {
		return (string) ( (int) $a + (int) $b );
	}
	$out   = '';
	$carry = 0;
	$i     = strlen( $a ) - 1;
	$j     = strlen( $b ) - 1;
	while ( $i >= 0 || $j >= 0 || $carry > 0 ) {
		$sum   = $carry + ( $i >= 0 ? ord( $a[ $i ] ) - 48 : 0 ) + ( $j >= 0 ? ord( $b[ $j ] ) - 48 : 0 );
		$out   = chr( 48 + $sum % 10 ) . $out;
		$carry = intdiv( $sum, 10 );
		--$i;
		--$j;
	}
	return sws_uint_norm( $out );
}

/**
 * Difference of two unsigned digit strings, $a >= $b.
 *
 * @param string $a Digits.
 * @param string $b Digits, not greater than $a.
 * @return string
 */
function sws_uint_sub( $a, $b ) {
	if ( strlen( $a ) <= 18 && strlen( $b ) <= 18 ) {
		return (string) ( (int) $a - (int) $b );
	}
	$out    = '';
	$borrow = 0;
	$j      = strlen( $b ) - 1;
	for ( $i = strlen( $a ) - 1; $i >= 0; --$i, --$j ) {
		$d = ord( $a[ $i ] ) - 48 - $borrow - ( $j >= 0 ? ord( $b[ $j ] ) - 48 : 0 );
		if ( $d < 0 ) {
			$d     += 10;
			$borrow = 1;
		} else {
			$borrow = 0;
		}
		$out = chr( 48 + $d ) . $out;
	}
	return sws_uint_norm( $out );
}

/**
 * Product of two unsigned digit strings (schoolbook, base 10^4 limbs).
 *
 * @param string $a Digits.
 * @param string $b Digits.
 * @return string
 */
function sws_uint_mul( $a, $b ) {
	if ( '0' === $a || '0' === $b ) {
		return '0';
	}
	if ( strlen( $a ) + strlen( $b ) <= 18 ) {
		return (string) ( (int) $a * (int) $b );
	}
	$limbs = static function ( $digits ) {
		$out = array();
		for ( $end = strlen( $digits ); $end > 0; $end -= 4 ) {
			$start = max( 0, $end - 4 );
			$out[] = (int) substr( $digits, $start, $end - $start );
		}
		return $out;
	};
	$x   = $limbs( $a );
	$y   = $limbs( $b );
	$acc = array_fill( 0, count( $x ) + count( $y ) + 1, 0 );
	foreach ( $x as $i => $xi ) {
		if ( 0 === $xi ) {
			continue;
		}
		$carry = 0;
		foreach ( $y as $j => $yj ) {
			$cur             = $acc[ $i + $j ] + $xi * $yj + $carry;
			$acc[ $i + $j ]  = $cur % 10000;
			$carry           = intdiv( $cur, 10000 );
		}
		$k = $i + count( $y );
		while ( $carry > 0 ) {
			$cur        = $acc[ $k ] + $carry;
			$acc[ $k ]  = $cur % 10000;
			$carry      = intdiv( $cur, 10000 );
			++$k;
		}
	}
	$out = '';
	for ( $k = count( $acc ) - 1; $k >= 0; --$k ) {
		$out .= str_pad( (string) $acc[ $k ], 4, '0', STR_PAD_LEFT );
	}
	return sws_uint_norm( $out );
}

/*
 * ---------------------------------------------------------------------------------------------
 * Exact decimals: array( 'n' => negative, 'd' => magnitude digits, 's' => scale ), the value
 * being ±d × 10^-s. Zero is never negative. Same semantics as shared/price-engine/fixed.ts.
 * ---------------------------------------------------------------------------------------------
 */

/**
 * A decimal from its parts.
 *
 * @param bool   $negative Sign.
 * @param string $digits   Magnitude digits.
 * @param int    $scale    Decimals carried.
 * @return array{n: bool, d: string, s: int}
 */
function sws_dec( $negative, $digits, $scale ) {
	$digits = sws_uint_norm( $digits );
	return array(
		'n' => $negative && '0' !== $digits,
		'd' => $digits,
		's' => $scale,
	);
}

/**
 * Parses a plain decimal ("12.50", "-3", ".5", " 7 "), as parseFixed does.
 *
 * @param mixed $text The value.
 * @return array{n: bool, d: string, s: int}
 * @throws SWS_Invalid_Decimal When it is not a plain decimal.
 */
function sws_dec_parse( $text ) {
	if ( ! is_string( $text ) ) {
		throw new SWS_Invalid_Decimal( 'not a string' );
	}
	// JavaScript's String.prototype.trim: white space, line terminators and the BOM.
	$trimmed = preg_replace( '/^[\s\x{FEFF}\x{00A0}]+|[\s\x{FEFF}\x{00A0}]+$/u', '', $text );
	if ( ! is_string( $trimmed ) || ! preg_match( '/^([+-]?)(\d*)(?:\.(\d*))?\z/', $trimmed, $m ) ) {
		throw new SWS_Invalid_Decimal( 'not a plain decimal' );
	}
	$integer  = $m[2];
	$fraction = isset( $m[3] ) ? $m[3] : '';
	if ( '' === $integer && '' === $fraction ) {
		throw new SWS_Invalid_Decimal( 'no digits' );
	}
	$fraction = rtrim( $fraction, '0' );
	return sws_dec( '-' === $m[1], $integer . $fraction, strlen( $fraction ) );
}

/**
 * Normalised text: "82.8", "90", "0", "-1.25" (formatFixed).
 *
 * @param array $value Decimal.
 * @return string
 */
function sws_dec_format( $value ) {
	$digits = $value['d'];
	$scale  = $value['s'];
	if ( $scale > 0 ) {
		$digits   = str_pad( $digits, $scale + 1, '0', STR_PAD_LEFT );
		$integer  = substr( $digits, 0, strlen( $digits ) - $scale );
		$fraction = rtrim( substr( $digits, strlen( $digits ) - $scale ), '0' );
		$digits   = '' === $fraction ? $integer : $integer . '.' . $fraction;
	}
	return $value['n'] && '0' !== $digits ? '-' . $digits : $digits;
}

/**
 * The same value at a larger scale.
 *
 * @param array $value Decimal.
 * @param int   $scale Target scale (>= the value's).
 * @return array
 */
function sws_dec_rescale( $value, $scale ) {
	$extra = $scale - $value['s'];
	if ( $extra <= 0 ) {
		return $value;
	}
	return sws_dec( $value['n'], '0' === $value['d'] ? '0' : $value['d'] . str_repeat( '0', $extra ), $scale );
}

/**
 * Sum.
 *
 * @param array $a Decimal.
 * @param array $b Decimal.
 * @return array
 */
function sws_dec_add( $a, $b ) {
	$scale = max( $a['s'], $b['s'] );
	$x     = sws_dec_rescale( $a, $scale );
	$y     = sws_dec_rescale( $b, $scale );
	if ( $x['n'] === $y['n'] ) {
		return sws_dec( $x['n'], sws_uint_add( $x['d'], $y['d'] ), $scale );
	}
	$cmp = sws_uint_cmp( $x['d'], $y['d'] );
	if ( 0 === $cmp ) {
		return sws_dec( false, '0', $scale );
	}
	return $cmp > 0
		? sws_dec( $x['n'], sws_uint_sub( $x['d'], $y['d'] ), $scale )
		: sws_dec( $y['n'], sws_uint_sub( $y['d'], $x['d'] ), $scale );
}

/**
 * Difference.
 *
 * @param array $a Decimal.
 * @param array $b Decimal.
 * @return array
 */
function sws_dec_sub( $a, $b ) {
	return sws_dec_add( $a, sws_dec( ! $b['n'], $b['d'], $b['s'] ) );
}

/**
 * Product (scales add up, as in fixed.ts).
 *
 * @param array $a Decimal.
 * @param array $b Decimal.
 * @return array
 */
function sws_dec_mul( $a, $b ) {
	return sws_dec( $a['n'] !== $b['n'], sws_uint_mul( $a['d'], $b['d'] ), $a['s'] + $b['s'] );
}

/**
 * Sign: -1, 0 or 1.
 *
 * @param array $a Decimal.
 * @return int
 */
function sws_dec_sign( $a ) {
	if ( '0' === $a['d'] ) {
		return 0;
	}
	return $a['n'] ? -1 : 1;
}

/**
 * Compares two decimals.
 *
 * @param array $a Decimal.
 * @param array $b Decimal.
 * @return int -1, 0 or 1.
 */
function sws_dec_cmp( $a, $b ) {
	return sws_dec_sign( sws_dec_sub( $a, $b ) );
}

/**
 * Rounds to $decimals places with a rounding mode (shared/price-engine/rounding.ts): 'half-up' (half
 * away from zero), 'half-even', 'down' (towards zero), 'up' (away from zero).
 *
 * @param array  $value    Decimal.
 * @param int    $decimals Places kept.
 * @param string $mode     Rounding mode.
 * @return array
 */
function sws_dec_round( $value, $decimals, $mode ) {
	$drop = $value['s'] - $decimals;
	if ( $drop <= 0 ) {
		return $value;
	}
	$digits   = str_pad( $value['d'], $drop + 1, '0', STR_PAD_LEFT );
	$rest     = substr( $digits, -$drop );
	$quotient = sws_uint_norm( substr( $digits, 0, strlen( $digits ) - $drop ) );
	$half     = '5' . str_repeat( '0', $drop - 1 );
	$cmp      = strcmp( $rest, $half );
	$inexact  = '' !== trim( $rest, '0' );
	$odd      = 1 === ( ord( substr( $quotient, -1 ) ) - 48 ) % 2;
	switch ( $mode ) {
		case 'half-even':
			$away = $cmp > 0 || ( 0 === $cmp && $odd );
			break;
		case 'down':
			$away = false;
			break;
		case 'up':
			$away = $inexact;
			break;
		default: // 'half-up'.
			$away = $cmp >= 0;
	}
	if ( $away ) {
		$quotient = sws_uint_add( $quotient, '1' );
	}
	return sws_dec( $value['n'], $quotient, $decimals );
}

/**
 * 1 − rate/100, exactly: (100 − rate) carried two more decimals (compile-discount.ts factorOf).
 *
 * @param array $rate Rate in %.
 * @return array
 */
function sws_dec_factor_of( $rate ) {
	$rest = sws_dec_sub( sws_dec( false, '100', 0 ), $rate );
	return sws_dec( $rest['n'], $rest['d'], $rest['s'] + 2 );
}

/*
 * ---------------------------------------------------------------------------------------------
 * Reading the contract's meta values robustly. WordPress gives an empty object back as '' or
 * array(), objects as arrays (or stdClass, or a JSON string when something stored one);
 * anything else reads as "no data".
 * ---------------------------------------------------------------------------------------------
 */

/**
 * A meta value that holds an object, as an array (key → value); array() when it holds none.
 *
 * @param mixed $value     Meta value.
 * @param bool  $json_text Whether a JSON object given as text is accepted (top-level values).
 * @return array
 */
function sws_contract_record( $value, $json_text = true ) {
	if ( $value instanceof stdClass ) {
		return get_object_vars( $value );
	}
	if ( is_array( $value ) ) {
		return $value;
	}
	if ( $json_text && is_string( $value ) ) {
		$text = trim( $value );
		if ( '' !== $text && '{' === $text[0] ) {
			$decoded = json_decode( $text, true );
			return is_array( $decoded ) ? $decoded : array();
		}
	}
	return array();
}

/**
 * A scalar meta value as text, as JavaScript's String() gives it; null for arrays, objects,
 * null.
 *
 * @param mixed $value Meta value.
 * @return string|null
 */
function sws_contract_scalar( $value ) {
	if ( is_string( $value ) ) {
		return $value;
	}
	if ( is_int( $value ) ) {
		return (string) $value;
	}
	if ( is_bool( $value ) ) {
		return $value ? 'true' : 'false';
	}
	if ( is_float( $value ) ) {
		if ( ! is_finite( $value ) ) {
			return 'NaN';
		}
		if ( floor( $value ) === $value && abs( $value ) < 1e15 ) {
			return sprintf( '%.0f', $value );
		}
		// The shortest text that reads back as the same double, as JavaScript prints numbers.
		$text = json_encode( $value, JSON_PRESERVE_ZERO_FRACTION );
		return is_string( $text ) ? $text : 'NaN';
	}
	return null;
}

/**
 * The text and number fields of an object meta value, as text; other fields left out.
 *
 * @param mixed $value     Meta value.
 * @param bool  $json_text Whether a JSON object given as text is accepted.
 * @return array<string, string>
 */
function sws_contract_string_record( $value, $json_text = true ) {
	$out = array();
	foreach ( sws_contract_record( $value, $json_text ) as $key => $field ) {
		if ( is_string( $field ) || is_int( $field ) || is_float( $field ) ) {
			$out[ $key ] = sws_contract_scalar( $field );
		}
	}
	return $out;
}

/**
 * One price rule of the contract (`sage_price_rules` entry, or a tier's `rule`), or null when
 * the value is not a rule (no price).
 *
 * @param mixed $raw Rule value.
 * @return array|null
 */
function sws_contract_rule( $raw ) {
	$fields = sws_contract_string_record( $raw, false );
	if ( ! isset( $fields['price'] ) ) {
		return null;
	}
	$rule = array( 'price' => $fields['price'] );
	if ( isset( $fields['article_discount'] ) ) {
		$rule['article_discount'] = $fields['article_discount'];
	}
	if ( isset( $fields['family_discount'] ) ) {
		$rule['family_discount'] = $fields['family_discount'];
	}
	if ( isset( $fields['discounts'] ) && in_array( $fields['discounts'], array( 'all', 'article-only', 'no-customer' ), true ) ) {
		$rule['discounts'] = $fields['discounts'];
	}
	return $rule;
}

/**
 * A list of quantity tiers (a JSON list, or an object whose values are the tiers): the entries
 * with a `from`, as arrays of their fields; other entries left out.
 *
 * @param mixed $raw Tiers value.
 * @return array<int, array{from: string, fields: array}>
 */
function sws_contract_tier_list( $raw ) {
	$out = array();
	foreach ( sws_contract_record( $raw, false ) as $entry ) {
		$text = sws_contract_string_record( $entry, false );
		if ( isset( $text['from'] ) ) {
			$out[] = array(
				'from'   => $text['from'],
				'fields' => sws_contract_record( $entry, false ),
				'text'   => $text,
			);
		}
	}
	return $out;
}

/**
 * The product side of the contract, from its raw meta values (null = absent).
 *
 * @param string $sku         The product's or variation's SKU.
 * @param mixed  $family_meta Meta `sage_family`.
 * @param mixed  $prices_meta Meta `sage_prices`: category → net price.
 * @param mixed  $rules_meta  Meta `sage_price_rules`: category → rule.
 * @param mixed  $tiers_meta  Meta `sage_price_tiers`: category → tiers `[{from, price?, rule?}]`.
 * @return array{sku: string, family: string, prices: array, rules: array, tiers: array}
 */
function sws_contract_product( $sku, $family_meta, $prices_meta, $rules_meta, $tiers_meta = null ) {
	$rules = array();
	foreach ( sws_contract_record( $rules_meta ) as $category => $raw ) {
		$rule = sws_contract_rule( $raw );
		if ( null !== $rule ) {
			$rules[ $category ] = $rule;
		}
	}
	$tiers = array();
	foreach ( sws_contract_record( $tiers_meta ) as $category => $raw ) {
		$list = array();
		foreach ( sws_contract_tier_list( $raw ) as $entry ) {
			$tier = array( 'from' => $entry['from'] );
			if ( isset( $entry['text']['price'] ) ) {
				$tier['price'] = $entry['text']['price'];
			}
			$rule = isset( $entry['fields']['rule'] ) ? sws_contract_rule( $entry['fields']['rule'] ) : null;
			if ( null !== $rule ) {
				$tier['rule'] = $rule;
			}
			$list[] = $tier;
		}
		$tiers[ $category ] = $list;
	}
	$family = sws_contract_scalar( $family_meta );
	return array(
		'sku'    => (string) $sku,
		'family' => null === $family ? '' : $family,
		'prices' => sws_contract_string_record( $prices_meta ),
		'rules'  => $rules,
		'tiers'  => $tiers,
	);
}

/**
 * The customer side of the contract (the effective conditions), from its raw meta values.
 *
 * @param mixed $category_meta          Meta `sage_price_category`.
 * @param mixed $family_discounts_meta  Meta `sage_family_discounts`: family → rate (%).
 * @param mixed $customer_discount_meta Meta `sage_customer_discount`: rate (%).
 * @param mixed $customer_prices_meta   Meta `sage_customer_prices`: SKU → net price.
 * @param mixed $customer_tiers_meta    Meta `sage_customer_price_tiers`: SKU → tiers `[{from, price}]`.
 * @return array{price_category: ?string, family_discounts: array, customer_discount: ?string, customer_prices: array}
 */
function sws_contract_customer( $category_meta, $family_discounts_meta, $customer_discount_meta, $customer_prices_meta, $customer_tiers_meta = null ) {
	$discount = sws_contract_scalar( $customer_discount_meta );
	$tiers    = array();
	foreach ( sws_contract_record( $customer_tiers_meta ) as $sku => $raw ) {
		$list = array();
		foreach ( sws_contract_tier_list( $raw ) as $entry ) {
			if ( isset( $entry['text']['price'] ) ) {
				$list[] = array(
					'from'  => $entry['from'],
					'price' => $entry['text']['price'],
				);
			}
		}
		$tiers[ (string) $sku ] = $list;
	}
	return array(
		'price_category'    => sws_contract_scalar( $category_meta ),
		'family_discounts'  => sws_contract_string_record( $family_discounts_meta ),
		// WordPress reads an absent single value as '': no discount.
		'customer_discount' => '' === $discount ? null : $discount,
		'customer_prices'   => sws_contract_string_record( $customer_prices_meta ),
		'customer_tiers'    => $tiers,
	);
}

/*
 * ---------------------------------------------------------------------------------------------
 * The formula (implied-price.ts impliedShopPriceOnly, shop-discounts.ts combinedRate).
 * ---------------------------------------------------------------------------------------------
 */

/**
 * The connector's defaults (shared/config/pricing.ts): highest, half-up, 2 decimals.
 *
 * @return array{decimals: int, mode: string, strategy: string}
 */
function sws_default_formula() {
	return array(
		'decimals' => 2,
		'mode'     => 'half-up',
		'strategy' => 'highest',
	);
}

/**
 * A non-zero rate, or null (absent or zero).
 *
 * @param string|null $rate Rate text.
 * @return array|null
 * @throws SWS_Invalid_Decimal When it is not a decimal.
 */
function sws_discount_of( $rate ) {
	if ( null === $rate ) {
		return null;
	}
	$value = sws_dec_parse( $rate );
	return 0 === sws_dec_sign( $value ) ? null : $value;
}

/**
 * The discounts folded into one rate by the strategy; null = no discount.
 *
 * @param array  $discounts Non-zero rates, in the engine's priority order.
 * @param string $strategy  highest | priority | cumulative | cascade.
 * @return array|null
 */
function sws_combined_rate( $discounts, $strategy ) {
	if ( array() === $discounts ) {
		return null;
	}
	if ( 1 === count( $discounts ) || 'priority' === $strategy ) {
		return $discounts[0];
	}
	$hundred = sws_dec( false, '100', 0 );
	switch ( $strategy ) {
		case 'cumulative':
			$sum = sws_dec( false, '0', 0 );
			foreach ( $discounts as $d ) {
				$sum = sws_dec_add( $sum, $d );
			}
			return sws_dec_cmp( $sum, $hundred ) > 0 ? $hundred : $sum;
		case 'cascade':
			$factor = sws_dec( false, '1', 0 );
			foreach ( $discounts as $d ) {
				$factor = sws_dec_mul( $factor, sws_dec_factor_of( $d ) );
			}
			return sws_dec_mul( sws_dec_sub( sws_dec( false, '1', 0 ), $factor ), $hundred );
		default: // 'highest': the largest, the first one on a tie.
			$best = $discounts[0];
			foreach ( $discounts as $d ) {
				if ( sws_dec_cmp( $d, $best ) > 0 ) {
					$best = $d;
				}
			}
			return $best;
	}
}

/**
 * The price the contract implies for a customer and a product (normalised decimal text, excl.
 * tax) at a quantity, or null when it implies none (no category, no price for it, malformed
 * data).
 *
 * @param array $product  From sws_contract_product().
 * @param array $customer From sws_contract_customer().
 * @param array $formula  decimals, mode, strategy (as the connector's `pricing` config).
 * @param int   $quantity Whole quantity (a cart line's); 1 reads no quantity tier.
 * @return string|null
 */
function sws_implied_price( $product, $customer, $formula, $quantity = 1 ) {
	try {
		return sws_implied_price_or_fail( $product, $customer, $formula, $quantity );
	} catch ( SWS_Invalid_Decimal $e ) {
		return null;
	}
}

/**
 * The tier in force at a quantity: the one with the largest start at or below it, the first of
 * equal starts (implied-price.ts tierAt). Every start is read.
 *
 * @param array|null $tiers    Tiers, each with a 'from'.
 * @param int        $quantity Whole quantity.
 * @return array|null
 * @throws SWS_Invalid_Decimal When a start is not a decimal.
 */
function sws_tier_at( $tiers, $quantity ) {
	if ( ! is_array( $tiers ) || 1 === (int) $quantity ) {
		return null;
	}
	$q         = sws_dec_parse( (string) (int) $quantity );
	$best      = null;
	$best_from = null;
	foreach ( $tiers as $tier ) {
		$from = sws_dec_parse( $tier['from'] );
		if ( sws_dec_cmp( $from, $q ) > 0 ) {
			continue;
		}
		if ( null === $best_from || sws_dec_cmp( $from, $best_from ) > 0 ) {
			$best      = $tier;
			$best_from = $from;
		}
	}
	return $best;
}

/**
 * The whole quantities (2 and more) where the customer's price of a product may change: the
 * starts of the product's tiers for its category and of its own tiers for the SKU, ascending.
 *
 * @param array $product  Product contract.
 * @param array $customer Customer contract.
 * @return int[]
 */
function sws_tier_starts( $product, $customer ) {
	$starts   = array();
	$category = $customer['price_category'];
	$lists    = array(
		null !== $category && isset( $product['tiers'][ $category ] ) ? $product['tiers'][ $category ] : array(),
		isset( $customer['customer_tiers'][ (string) $product['sku'] ] ) ? $customer['customer_tiers'][ (string) $product['sku'] ] : array(),
	);
	foreach ( $lists as $list ) {
		foreach ( $list as $tier ) {
			if ( preg_match( '/^\d{1,15}$/', $tier['from'] ) && (int) $tier['from'] >= 2 ) {
				$starts[ (int) $tier['from'] ] = true;
			}
		}
	}
	$starts = array_keys( $starts );
	sort( $starts );
	return $starts;
}

/**
 * The formula; throws on a malformed value it needs.
 *
 * @param array $product  Product contract.
 * @param array $customer Customer contract.
 * @param array $formula  decimals, mode, strategy.
 * @param int   $quantity Whole quantity.
 * @return string|null
 * @throws SWS_Invalid_Decimal When a value the formula reads is not a decimal.
 */
function sws_implied_price_or_fail( $product, $customer, $formula, $quantity = 1 ) {
	$sku            = (string) $product['sku'];
	$customer_tiers = isset( $customer['customer_tiers'][ $sku ] ) ? $customer['customer_tiers'][ $sku ] : null;
	$specific_tier  = sws_tier_at( $customer_tiers, $quantity );
	if ( null !== $specific_tier ) {
		return sws_dec_format( sws_dec_parse( $specific_tier['price'] ) );
	}
	if ( array_key_exists( $sku, $customer['customer_prices'] ) ) {
		return sws_dec_format( sws_dec_parse( $customer['customer_prices'][ $sku ] ) );
	}
	$category = $customer['price_category'];
	if ( null === $category || '' === $category ) {
		return null;
	}
	// From a tier's start on, its price and rule replace the category's (absent: none).
	$tier   = sws_tier_at( isset( $product['tiers'][ $category ] ) ? $product['tiers'][ $category ] : null, $quantity );
	$rules  = $product['rules'];
	$prices = $product['prices'];
	if ( null !== $tier ) {
		$rules  = isset( $tier['rule'] ) ? array( $category => $tier['rule'] ) : array();
		$prices = isset( $tier['price'] ) ? array( $category => $tier['price'] ) : array();
	}
	if ( array_key_exists( $category, $rules ) ) {
		$rule     = $rules[ $category ];
		$gross    = sws_dec_parse( $rule['price'] );
		$article  = sws_discount_of( isset( $rule['article_discount'] ) ? $rule['article_discount'] : null );
		$category_family = sws_discount_of( isset( $rule['family_discount'] ) ? $rule['family_discount'] : null );
		$admits   = isset( $rule['discounts'] ) ? $rule['discounts'] : 'all';
		// Every customer rate is read, as the TypeScript formula does (a malformed one fails).
		$families = array();
		foreach ( $customer['family_discounts'] as $family => $rate ) {
			$discount = sws_discount_of( $rate );
			if ( null !== $discount ) {
				$families[ (string) $family ] = $discount;
			}
		}
		$customer_discount = sws_discount_of( $customer['customer_discount'] );

		$candidates = array();
		if ( null !== $article ) {
			$candidates[] = $article;
		}
		if ( 'article-only' !== $admits ) {
			$with_customer = 'all' === $admits;
			$family        = (string) $product['family'];
			if ( $with_customer && array_key_exists( $family, $families ) ) {
				$candidates[] = $families[ $family ];
			}
			if ( null !== $category_family ) {
				$candidates[] = $category_family;
			}
			if ( $with_customer && null !== $customer_discount ) {
				$candidates[] = $customer_discount;
			}
		}
		$rate = sws_combined_rate( $candidates, $formula['strategy'] );
		if ( null === $rate ) {
			return sws_dec_format( $gross );
		}
		$net = sws_dec_mul( $gross, sws_dec_factor_of( $rate ) );
		if ( sws_dec_sign( $net ) < 0 ) {
			$net = sws_dec( false, '0', 0 );
		}
		return sws_dec_format( sws_dec_round( $net, (int) $formula['decimals'], $formula['mode'] ) );
	}
	if ( ! array_key_exists( $category, $prices ) ) {
		return null;
	}
	return sws_dec_format( sws_dec_parse( $prices[ $category ] ) );
}
