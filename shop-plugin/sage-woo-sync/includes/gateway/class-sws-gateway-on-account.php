<?php
/**
 * The "order on account" payment gateway (see ../gateway.php).
 *
 * @package SageWooSync
 */

defined( 'ABSPATH' ) || exit;

/**
 * Order on account: no payment step, the order waits for the sales rep's validation in Sage.
 */
class SWS_Gateway_On_Account extends WC_Payment_Gateway {

	/**
	 * Text of the order received page.
	 *
	 * @var string
	 */
	public $instructions = '';

	/** Sets the gateway up from its settings. */
	public function __construct() {
		$this->id                 = SWS_ON_ACCOUNT_GATEWAY;
		$this->has_fields         = false;
		$this->method_title       = __( 'Order on account (Sage)', 'sage-woo-sync' );
		$this->method_description = __( 'B2B customers with a Sage account order on their account, without online payment. The order waits for validation in Sage.', 'sage-woo-sync' );
		$this->supports           = array( 'products' );

		$this->init_form_fields();
		$this->init_settings();
		$this->title        = $this->get_option( 'title' );
		$this->description  = $this->get_option( 'description' );
		$this->instructions = $this->get_option( 'instructions' );

		add_action( 'woocommerce_update_options_payment_gateways_' . $this->id, array( $this, 'process_admin_options' ) );
		add_action( 'woocommerce_thankyou_' . $this->id, array( $this, 'thankyou_page' ) );
	}

	/** The settings form (WooCommerce → Settings → Payments). */
	public function init_form_fields() {
		$statuses = array();
		if ( function_exists( 'wc_get_order_statuses' ) ) {
			foreach ( wc_get_order_statuses() as $key => $label ) {
				$statuses[ substr( $key, 3 ) ] = $label;
			}
		}
		$this->form_fields = array(
			'enabled'      => array(
				'title'   => __( 'Enable/Disable', 'sage-woo-sync' ),
				'type'    => 'checkbox',
				'label'   => __( 'Enable orders on account for customers with a Sage account', 'sage-woo-sync' ),
				'default' => 'no',
			),
			'title'        => array(
				'title'       => __( 'Title', 'sage-woo-sync' ),
				'type'        => 'safe_text',
				'description' => __( 'What the customer sees at checkout.', 'sage-woo-sync' ),
				'default'     => __( 'Order on account', 'sage-woo-sync' ),
				'desc_tip'    => true,
			),
			'description'  => array(
				'title'       => __( 'Description', 'sage-woo-sync' ),
				'type'        => 'textarea',
				'description' => __( 'What the customer reads under the title at checkout.', 'sage-woo-sync' ),
				'default'     => __( 'Billed to your company account on your usual terms. Your order is confirmed once our sales team has validated it.', 'sage-woo-sync' ),
				'desc_tip'    => true,
			),
			'instructions' => array(
				'title'       => __( 'Instructions', 'sage-woo-sync' ),
				'type'        => 'textarea',
				'description' => __( 'Shown on the order received page.', 'sage-woo-sync' ),
				'default'     => __( 'Thank you. Our sales team will validate your order; you will find its progress and its invoice in your account.', 'sage-woo-sync' ),
				'desc_tip'    => true,
			),
			'order_status' => array(
				'title'       => __( 'Status of new orders', 'sage-woo-sync' ),
				'type'        => 'select',
				'description' => __( 'The connector imports orders of its import statuses (orders.importStatuses): keep this status in that list.', 'sage-woo-sync' ),
				'default'     => 'awaiting-valid',
				'options'     => $statuses,
			),
		);
	}

	/** The status field shows and saves the option sws_on_account_status (shared with the REST settings). */
	public function init_settings() {
		parent::init_settings();
		$this->settings['order_status'] = sws_on_account_status();
	}

	/**
	 * Saves the settings; the status goes to its own option.
	 *
	 * @return bool
	 */
	public function process_admin_options() {
		$saved = parent::process_admin_options();
		if ( isset( $this->settings['order_status'] ) ) {
			update_option( 'sws_on_account_status', sws_sanitize_on_account_status( $this->settings['order_status'] ) );
		}
		return $saved;
	}

	/**
	 * Only for logged-in customers with a Sage account.
	 *
	 * @return bool
	 */
	public function is_available() {
		return parent::is_available() && sws_user_has_sage_account( get_current_user_id() );
	}

	/**
	 * Puts the order in the awaiting-validation status (stock reserved like any placed order),
	 * empties the cart and sends the customer to the order received page.
	 *
	 * @param int $order_id Order.
	 * @return array
	 */
	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof WC_Order ) {
			wc_add_notice( __( 'The order could not be found.', 'sage-woo-sync' ), 'error' );
			return array( 'result' => 'failure' );
		}
		$customer = (int) $order->get_customer_id();
		if ( ! sws_user_has_sage_account( $customer ) || get_current_user_id() !== $customer ) {
			wc_add_notice( __( 'Ordering on account needs a customer account linked to Sage.', 'sage-woo-sync' ), 'error' );
			return array( 'result' => 'failure' );
		}
		$order->update_status( sws_on_account_status(), __( 'Order on account: awaiting validation in Sage.', 'sage-woo-sync' ) );
		wc_maybe_reduce_stock_levels( $order->get_id() );
		/**
		 * Fires when an order on account was placed (after its status change).
		 *
		 * @param WC_Order $order The order.
		 */
		do_action( 'sws_on_account_order_placed', $order );
		if ( function_exists( 'WC' ) && WC()->cart ) {
			WC()->cart->empty_cart();
		}
		return array(
			'result'   => 'success',
			'redirect' => $this->get_return_url( $order ),
		);
	}

	/** The instructions on the order received page. */
	public function thankyou_page() {
		if ( '' !== (string) $this->instructions ) {
			echo wp_kses_post( wpautop( wptexturize( $this->instructions ) ) );
		}
	}
}
