-- The contended part of placing an order, in the database so that it costs one round trip and
-- holds batch locks only while the database itself works (app/domain/orders/place-order.server.ts
-- calls it inside the statement that writes the order; the README explains the whole checkout).
--
-- take_stock(cart, lines, sold_out): locks the cart row (a double-submitted checkout places one
-- order: the second finds the cart gone), checks that the cart still holds exactly `lines`
-- ([{productId, quantity, priceVnd}] sorted by productId, every product still approved), locks
-- every batch that could serve them in id order (the same in every transaction, so two checkouts
-- never wait on each other in a circle), allocates each line to released batches in selling
-- order (earliest best-before first, none last, then oldest production, then lot), takes the
-- units (a batch left with none takes the status `sold_out`), and returns the allocations
-- [{productId, batchId, quantity}]. A refusal raises SQLSTATE 'P0001' with the message
-- 'take_stock_refused' and a JSON detail: {"reason": "cart_gone" | "cart_changed"} or
-- {"reason": "short", "productId": …, "available": …}; the whole statement is then undone.
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
    FOR batch IN
      SELECT id, quantity_available FROM batches
       WHERE product_id = (line->>'productId')::uuid AND status = 'released' AND quantity_available > 0
       ORDER BY best_before ASC NULLS LAST, produced_on, lot
    LOOP
      EXIT WHEN need = 0;
      took := least(need, batch.quantity_available);
      allocations := allocations || jsonb_build_object(
        'productId', line->>'productId', 'batchId', batch.id, 'quantity', took);
      need := need - took;
    END LOOP;
    IF need > 0 THEN
      SELECT coalesce(sum(quantity_available), 0) INTO available FROM batches
       WHERE product_id = (line->>'productId')::uuid AND status = 'released' AND quantity_available > 0;
      RAISE EXCEPTION 'take_stock_refused' USING DETAIL = jsonb_build_object(
        'reason', 'short', 'productId', line->>'productId', 'available', available)::text;
    END IF;
  END LOOP;

  UPDATE batches b
     SET quantity_available = b.quantity_available - a.quantity,
         status = CASE WHEN b.quantity_available = a.quantity THEN p_sold_out ELSE b.status END
    FROM (SELECT (x->>'batchId')::uuid AS id, sum((x->>'quantity')::integer) AS quantity
            FROM jsonb_array_elements(allocations) x GROUP BY 1) a
   WHERE b.id = a.id;

  RETURN allocations;
END;
$$;
