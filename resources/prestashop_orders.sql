-- Comptoir: PrestaShop orders with their lines, for the back office's SQL Manager.
--
-- In PrestaShop: Advanced Parameters > Database > SQL Manager (Paramètres avancés > Base de
-- données > Gestionnaire SQL) > Add new SQL query. Name it "Comptoir - orders", paste the query
-- below (from SELECT to the final semicolon), save, then use the Export button and import the file
-- in Comptoir (format: PrestaShop). Either file encoding the SQL Manager offers will do.
--
-- One row per order line. Change the two dates of the WHERE clause to the period you import;
-- importing overlapping periods is safe (orders are matched by reference). If your tables do not
-- start with "ps_", replace that prefix everywhere. The column names are what Comptoir reads:
-- keep them as they are.
SELECT
    o.id_order AS id_order,
    o.reference AS reference,
    o.date_add AS date_add,
    cu.iso_code AS currency,
    osl.name AS order_state,
    o.valid AS valid,
    o.payment AS payment,
    (SELECT op.transaction_id FROM ps_order_payment op
        WHERE op.order_reference = o.reference
        ORDER BY op.id_order_payment LIMIT 1) AS transaction_id,
    c.email AS email,
    ai.firstname AS billing_firstname,
    ai.lastname AS billing_lastname,
    ai.company AS billing_company,
    ai.vat_number AS billing_vat_number,
    ai.address1 AS billing_address1,
    ai.address2 AS billing_address2,
    ai.postcode AS billing_postcode,
    ai.city AS billing_city,
    ci.iso_code AS billing_country,
    ai.phone AS billing_phone,
    ad.firstname AS delivery_firstname,
    ad.lastname AS delivery_lastname,
    ad.company AS delivery_company,
    ad.vat_number AS delivery_vat_number,
    ad.address1 AS delivery_address1,
    ad.address2 AS delivery_address2,
    ad.postcode AS delivery_postcode,
    ad.city AS delivery_city,
    cd.iso_code AS delivery_country,
    ad.phone AS delivery_phone,
    o.total_discounts_tax_incl AS total_discounts_tax_incl,
    o.total_discounts_tax_excl AS total_discounts_tax_excl,
    o.total_shipping_tax_incl AS total_shipping_tax_incl,
    o.total_shipping_tax_excl AS total_shipping_tax_excl,
    o.total_wrapping_tax_incl AS total_wrapping_tax_incl,
    o.total_wrapping_tax_excl AS total_wrapping_tax_excl,
    o.total_paid_tax_incl AS total_paid_tax_incl,
    o.total_paid_tax_excl AS total_paid_tax_excl,
    (SELECT SUM(os.total_products_tax_incl + os.total_shipping_tax_incl) FROM ps_order_slip os
        WHERE os.id_order = o.id_order) AS refunded_tax_incl,
    od.id_order_detail AS id_order_detail,
    od.product_name AS product_name,
    od.product_reference AS product_reference,
    od.product_quantity AS product_quantity,
    od.unit_price_tax_incl AS unit_price_tax_incl,
    od.unit_price_tax_excl AS unit_price_tax_excl,
    od.total_price_tax_incl AS total_price_tax_incl,
    od.total_price_tax_excl AS total_price_tax_excl,
    (SELECT MAX(t.rate) FROM ps_order_detail_tax odt
        INNER JOIN ps_tax t ON t.id_tax = odt.id_tax
        WHERE odt.id_order_detail = od.id_order_detail) AS tax_rate
FROM ps_orders o
INNER JOIN ps_order_detail od ON od.id_order = o.id_order
INNER JOIN ps_customer c ON c.id_customer = o.id_customer
INNER JOIN ps_currency cu ON cu.id_currency = o.id_currency
LEFT JOIN ps_address ai ON ai.id_address = o.id_address_invoice
LEFT JOIN ps_country ci ON ci.id_country = ai.id_country
LEFT JOIN ps_address ad ON ad.id_address = o.id_address_delivery
LEFT JOIN ps_country cd ON cd.id_country = ad.id_country
LEFT JOIN ps_order_state_lang osl ON osl.id_order_state = o.current_state
    AND osl.id_lang = (SELECT cf.value FROM ps_configuration cf WHERE cf.name = 'PS_LANG_DEFAULT' LIMIT 1)
WHERE o.date_add >= '2026-01-01 00:00:00' AND o.date_add < '2027-01-01 00:00:00'
ORDER BY o.id_order, od.id_order_detail;
