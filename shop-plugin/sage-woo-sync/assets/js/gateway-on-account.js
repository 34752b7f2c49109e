/* global window */
/**
 * "Order on account" in WooCommerce's block checkout. Plain script (no build step): the data
 * comes from SWS_Gateway_On_Account_Blocks::get_payment_method_data().
 */
(function () {
  'use strict';
  var wc = window.wc || {};
  var registry = wc.wcBlocksRegistry;
  var settings = wc.wcSettings;
  var element = window.wp && window.wp.element;
  if (!registry || !settings || !element) {
    return;
  }
  var entities = window.wp.htmlEntities;
  var decode = entities
    ? entities.decodeEntities
    : function (text) {
        return text;
      };
  // WooCommerce 9+ exposes it as payment method data; older versions as the `<name>_data` setting.
  var data =
    (settings.getPaymentMethodData && settings.getPaymentMethodData('sws_on_account')) ||
    settings.getSetting('sws_on_account_data', {});
  var title = decode(data.title || '');
  var Content = function () {
    return element.createElement('div', null, decode(data.description || ''));
  };
  var Label = function (props) {
    var PaymentMethodLabel = props.components.PaymentMethodLabel;
    return element.createElement(PaymentMethodLabel, { text: title });
  };
  registry.registerPaymentMethod({
    name: 'sws_on_account',
    label: element.createElement(Label),
    content: element.createElement(Content),
    edit: element.createElement(Content),
    canMakePayment: function () {
      return data.available !== false;
    },
    ariaLabel: title,
    supports: { features: data.supports || ['products'] },
  });
})();
