import { Link } from "@remix-run/react";
import { useT } from "~/utils/i18n";
import { Price } from "./Price";
import { Stars } from "./Stars";

/** What a product card shows; photo URLs are made by the route (photoUrl). */
export interface ProductCardView {
  slug: string;
  name: string;
  priceVnd: number;
  unit: string;
  cooperativeName: string;
  provinceName: string | null;
  stars: number | null;
  inStock: boolean;
  photo: { url: string; width: number; height: number; alt: string } | null;
}

/** Thumbnails are stored 400 px wide; the card shows them at most that wide. */
const THUMB_WIDTH = 400;

/** One product in a grid: photo and name in one link, stars, price, who makes it, stock. */
export function ProductCard({
  product,
  headingLevel = 2,
  eager = false,
}: {
  product: ProductCardView;
  headingLevel?: 2 | 3;
  /** The first cards of a page are in view at once: load them without waiting. */
  eager?: boolean;
}) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const photo = product.photo;
  return (
    <article className="product-card">
      <Link to={`/san-pham/${product.slug}`} className="product-card-link">
        {photo ? (
          <img
            src={photo.url}
            alt={photo.alt || product.name}
            width={THUMB_WIDTH}
            height={Math.round((THUMB_WIDTH * photo.height) / Math.max(photo.width, 1))}
            loading={eager ? "eager" : "lazy"}
            decoding="async"
          />
        ) : (
          // Decoration only: the link is named by the product's name.
          <span className="product-card-nophoto" aria-hidden="true">
            {t.catalog.noPhoto}
          </span>
        )}
        <Heading className="product-card-name">{product.name}</Heading>
      </Link>
      <Stars stars={product.stars} />
      <p className="product-card-price">
        <Price amount={product.priceVnd} unit={product.unit} />
      </p>
      <p className="product-card-meta">
        {product.cooperativeName}
        {product.provinceName ? ` · ${product.provinceName}` : ""}
      </p>
      {product.inStock ? null : <p className="product-card-stock">{t.catalog.outOfStock}</p>}
    </article>
  );
}

/** Cards in one column on phones, two to four on wider screens. */
export function ProductGrid({
  products,
  headingLevel = 2,
  eagerCount = 2,
}: {
  products: ProductCardView[];
  headingLevel?: 2 | 3;
  eagerCount?: number;
}) {
  return (
    <ul className="product-grid">
      {products.map((p, i) => (
        <li key={p.slug}>
          <ProductCard product={p} headingLevel={headingLevel} eager={i < eagerCount} />
        </li>
      ))}
    </ul>
  );
}
