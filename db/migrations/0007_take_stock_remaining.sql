-- take_stock (0006) now also says how much of each product is left on sale once it has taken
-- its units, counted under the same locks: {"allocations": [{productId, batchId, quantity}],
-- "remaining": [{productId, available}]}. The checkout remembers those counts for a moment, so a
-- buyer who started checking out before the last unit went is told "sold out" without queueing
-- for the batch lock (app/domain/orders/stock-signal.server.ts explains why that answer is
-- correct). Refusals are unchanged.
CREATE OR REPLACE FUNCTION take_stock(p_cart uuid, p_lines jsonb, p_sold_out batch_status)
  RETURNS jsonb
  LANGUAGE plpgsql AS $$
DECLARE
  current_lines jsonb;
  line jsonb;
  batch record;
  need integer;
  took integer;
  available integer;
  allocations jsonb := '[]'::jsonb;
  remaining jsonb := '[]'::jsonb;
BEGIN
  PERFORM 1 FROM carts WHERE id = p_cart FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'take_stock_refused' USING DETAIL = jsonb_build_object('reason', 'cart_gone')::text;
  END IF;

  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'productId', ci.product_id, 'quantity', ci.quantity, 'priceVnd', p.price_vnd)
           ORDER BY ci.product_id), '[]'::jsonb)
    INTO current_lines
    FROM cart_items ci JOIN products p ON p.id = ci.product_id AND p.status = 'approved'
   WHERE ci.cart_id = p_cart;
  IF current_lines IS DISTINCT FROM p_lines THEN
    RAISE EXCEPTION 'take_stock_refused' USING DETAIL = jsonb_build_object('reason', 'cart_changed')::text;
  END IF;

  PERFORM 1 FROM batches
   WHERE product_id IN (SELECT (l->>'productId')::uuid FROM jsonb_array_elements(p_lines) l)
     AND status = 'released' AND quantity_available > 0
   ORDER BY id
     FOR UPDATE;

  FOR line IN SELECT l FROM jsonb_array_elements(p_lines) l LOOP
    need := (line->>'quantity')::integer;
    available := 0;
    FOR batch IN
      SELECT id, quantity_available FROM batches
       WHERE product_id = (line->>'productId')::uuid AND status = 'released' AND quantity_available > 0
       ORDER BY best_before ASC NULLS LAST, produced_on, lot
    LOOP
      available := available + batch.quantity_available;
      CONTINUE WHEN need = 0;
      took := least(need, batch.quantity_available);
      allocations := allocations || jsonb_build_object(
        'productId', line->>'productId', 'batchId', batch.id, 'quantity', took);
      need := need - took;
    END LOOP;
    IF need > 0 THEN
      RAISE EXCEPTION 'take_stock_refused' USING DETAIL = jsonb_build_object(
        'reason', 'short', 'productId', line->>'productId', 'available', available)::text;
    END IF;
    remaining := remaining || jsonb_build_object(
      'productId', line->>'productId', 'available', available - (line->>'quantity')::integer);
  END LOOP;

  UPDATE batches b
     SET quantity_available = b.quantity_available - a.quantity,
         status = CASE WHEN b.quantity_available = a.quantity THEN p_sold_out ELSE b.status END
    FROM (SELECT (x->>'batchId')::uuid AS id, sum((x->>'quantity')::integer) AS quantity
            FROM jsonb_array_elements(allocations) x GROUP BY 1) a
   WHERE b.id = a.id;

  RETURN jsonb_build_object('allocations', allocations, 'remaining', remaining);
END;
$$;
