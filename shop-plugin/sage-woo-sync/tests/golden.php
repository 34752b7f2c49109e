<?php
/**
 * CLI harness of the golden price vectors: loads only the pure formula file and prints, as JSON,
 * the price it gives for every vector of the file given as argument (default
 * test/fixtures/price-vectors.json of the project). Run by test/unit/price-sync/golden-vectors.test.ts.
 *
 *   php shop-plugin/sage-woo-sync/tests/golden.php [vectors.json]
 *
 * Output: {"php": "8.2.x", "prices": [price or null, … in the file's order]}.
 *
 * @package SageWooSync
 */

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
// The plugin's files refuse to load outside WordPress; a stub ABSPATH lets the pure one in.
define( 'ABSPATH', __DIR__ . '/' );
require __DIR__ . '/../includes/pricing-formula.php';

$sws_file = $argv[1] ?? __DIR__ . '/../../../test/fixtures/price-vectors.json';
$sws_text = file_get_contents( $sws_file );
if ( false === $sws_text ) {
	fwrite( STDERR, "cannot read $sws_file\n" );
	exit( 2 );
}
// Objects stay stdClass and lists stay lists, as close to the REST JSON as PHP gets.
$sws_golden = json_decode( $sws_text, false, 512, JSON_THROW_ON_ERROR );
$sws_keys   = $sws_golden->keys;
$sws_meta   = static function ( $meta, $key ) {
	return property_exists( $meta, $key ) ? $meta->$key : null;
};

$sws_prices = array();
foreach ( $sws_golden->vectors as $sws_vector ) {
	$sws_p       = $sws_golden->products->{$sws_vector->product};
	$sws_c       = $sws_golden->customers->{$sws_vector->customer};
	$sws_f       = $sws_golden->formulas->{$sws_vector->formula};
	$sws_product = sws_contract_product(
		$sws_p->sku,
		$sws_meta( $sws_p->meta, $sws_keys->family ),
		$sws_meta( $sws_p->meta, $sws_keys->productPrices ),
		$sws_meta( $sws_p->meta, $sws_keys->productRules ),
		$sws_meta( $sws_p->meta, $sws_keys->productTiers )
	);
	$sws_customer = sws_contract_customer(
		$sws_meta( $sws_c->meta, $sws_keys->priceCategory ),
		$sws_meta( $sws_c->meta, $sws_keys->familyDiscounts ),
		$sws_meta( $sws_c->meta, $sws_keys->customerDiscount ),
		$sws_meta( $sws_c->meta, $sws_keys->customerPrices ),
		$sws_meta( $sws_c->meta, $sws_keys->customerTiers )
	);
	$sws_prices[] = sws_implied_price(
		$sws_product,
		$sws_customer,
		array(
			'decimals' => (int) $sws_f->decimals,
			'mode'     => (string) $sws_f->rounding,
			'strategy' => (string) $sws_f->strategy,
		),
		property_exists( $sws_vector, 'quantity' ) ? (int) $sws_vector->quantity : 1
	);
}
echo json_encode(
	array(
		'php'    => PHP_VERSION,
		'prices' => $sws_prices,
	)
), "\n";
