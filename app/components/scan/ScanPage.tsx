/**
 * The public scan page and its own light layout: plain HTML rendered once on the server, with
 * an inlined stylesheet and no JavaScript at all, so it works on any phone and any connection.
 * Presentational only: it lays out a ScanView, and every string comes from the dictionary.
 */
import type { ReactNode } from "react";
import type { ScanEntry, ScanFact, ScanLink, ScanView } from "~/domain/trace/scan-view";
import { type Locale, messagesFor } from "~/i18n";
import { SCAN_CSS } from "./scan-styles";

export interface ScanDocumentProps {
  locale: Locale;
  title: string;
  description: string;
  /** Path the language switch comes back to. */
  path: string;
  /** Absolute URL of the product photo, for link previews on Zalo and Facebook. */
  image?: string | null;
  children: ReactNode;
}

export function ScanDocument({ locale, title, description, path, image, children }: ScanDocumentProps) {
  const t = messagesFor(locale);
  const other: Locale = locale === "vi" ? "en" : "vi";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        <meta name="theme-color" content="#2f6b3a" />
        <meta property="og:type" content="website" />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={description} />
        {image ? <meta property="og:image" content={image} /> : null}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own constant stylesheet */}
        <style dangerouslySetInnerHTML={{ __html: SCAN_CSS }} />
      </head>
      <body>
        <header>
          <a className="brand" href="/" aria-label={t.scan.brandHome}>
            {t.common.appName}
          </a>
          <form className="lang" method="post" action="/language">
            <input type="hidden" name="lang" value={other} />
            <input type="hidden" name="redirectTo" value={path} />
            <button type="submit" aria-label={t.common.switchToLabel} lang={other}>
              {t.common.switchTo}
            </button>
          </form>
        </header>
        <main id="main">{children}</main>
        <footer>
          <p>{t.scan.footer}</p>
        </footer>
      </body>
    </html>
  );
}

function Facts({ facts }: { facts: ScanFact[] }) {
  if (facts.length === 0) return null;
  return (
    <dl>
      {facts.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Links({ links }: { links: ScanLink[] }) {
  return (
    <>
      {links.map((l) => (
        <li key={`${l.href} ${l.text}`}>
          <a href={l.href}>{l.text}</a>
        </li>
      ))}
    </>
  );
}

function Entry({ entry, t }: { entry: ScanEntry; t: ReturnType<typeof messagesFor>["scan"] }) {
  return (
    <li id={entry.anchor} className={entry.correctedBy ? "corrected" : undefined}>
      <h3>
        {entry.title} <span className="small">· {t.diary.entry.replace("{seq}", String(entry.seq))}</span>
      </h3>
      <time dateTime={entry.whenIso}>{entry.when}</time>
      {entry.correctedBy ? (
        <p>
          <span className="tag">{entry.correctedBy.text}</span>{" "}
          {entry.correctedBy.links.map((l) => (
            <a key={l.href} href={l.href}>
              {l.text}{" "}
            </a>
          ))}
        </p>
      ) : null}
      {entry.correction ? (
        <p>
          <a className="tag" href={entry.correction.href}>
            {entry.correction.text}
          </a>
          {entry.correction.reason ? <> {entry.correction.reason}</> : null}
        </p>
      ) : null}
      <Facts facts={entry.facts} />
      {entry.inputs.length ? (
        <>
          <p className="small">{t.diary.inputsUsed}</p>
          <ul className="plain">
            <Links links={entry.inputs} />
          </ul>
        </>
      ) : null}
      {entry.results.length ? (
        <table>
          <tbody>
            {entry.results.map((r) => (
              <tr key={`${r.name} ${r.value}`}>
                <th scope="row">{r.name}</th>
                <td>
                  {r.value}
                  {r.limit ? <div className="small">{r.limit}</div> : null}
                </td>
                <td className={r.pass === null ? undefined : r.pass ? "pass" : "fail"}>{r.passText}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {entry.verdict ? <p className={entry.verdict.pass ? "pass" : "fail"}>{entry.verdict.text}</p> : null}
      {entry.phi ? <p className={entry.phi.ok ? "small" : "fail"}>{entry.phi.text}</p> : null}
      {entry.place ? <p className="small">{entry.place}</p> : null}
      {entry.photos.length ? (
        <p className="small">
          {entry.photos.map((p) => (
            <a key={p.href} href={p.href}>
              {p.text}{" "}
            </a>
          ))}
        </p>
      ) : null}
    </li>
  );
}

export function ScanPage({ view }: { view: ScanView }) {
  const t = messagesFor(view.locale).scan;
  return (
    <>
      <p className="kicker">{t.traceOrigin}</p>
      <h1>{view.product.name}</h1>
      <p className="kicker">
        {t.lotLabel.replace("{lot}", view.batch.lot)} · {view.cooperative.name}
      </p>

      {view.recall ? (
        <section id="recall" className="card recall" aria-labelledby="recall-title">
          <h2 id="recall-title">{view.recall.heading}</h2>
          {view.recall.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </section>
      ) : null}

      {view.photo ? (
        <div className="photo">
          <img
            src={view.photo.src}
            srcSet={view.photo.srcSet}
            sizes="(min-width: 36rem) 34rem, 100vw"
            width={view.photo.width}
            height={view.photo.height}
            alt={view.photo.alt}
            // Above the fold: the first thing a shopper should see. React 18 knows only the
            // lower-case attribute name (fetchPriority warns and is dropped).
            {...{ fetchpriority: "high" }}
            decoding="async"
          />
        </div>
      ) : null}

      {view.unit ? (
        <section className={`card ${view.unit.seal ? "warn" : ""}`} aria-labelledby="unit-title">
          <h2 id="unit-title">{view.unit.heading}</h2>
          <p>{view.unit.scans}</p>
          {view.unit.seal ? (
            <>
              <p>
                <strong>{view.unit.seal.title}</strong>
              </p>
              <p>{view.unit.seal.body}</p>
            </>
          ) : null}
        </section>
      ) : null}

      <section
        className={`card ${view.integrity.intact ? "ok" : "bad"}`}
        aria-labelledby="integrity-title"
        role={view.integrity.intact ? undefined : "alert"}
      >
        <h2 id="integrity-title">{view.integrity.title}</h2>
        <p>{view.integrity.body}</p>
        {view.integrity.intact ? (
          view.integrity.checkCode ? (
            <p className="small">{view.integrity.checkCode}</p>
          ) : null
        ) : (
          <p>
            <strong>{view.integrity.advice}</strong>
          </p>
        )}
      </section>

      <section id="certificate" className="card" aria-labelledby="ocop-title">
        <h2 id="ocop-title">{t.ocop.heading}</h2>
        {view.ocop.stars ? (
          <p className="stars">
            <span aria-hidden="true">{"★".repeat(view.ocop.stars)} </span>
            {view.ocop.starsText}
          </p>
        ) : null}
        {view.ocop.warning ? <p className="fail">{view.ocop.warning}</p> : null}
        {view.ocop.lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>

      {view.buyHref ? (
        <a className="button" href={view.buyHref}>
          {t.buy}
        </a>
      ) : null}

      <section aria-labelledby="batch-title">
        <h2 id="batch-title">{t.batch.heading}</h2>
        <Facts facts={[...view.batch.facts, { label: t.batch.status, value: view.batch.statusText }]} />
      </section>

      <section aria-labelledby="place-title">
        <h2 id="place-title">{t.place.heading}</h2>
        <p>
          <strong>{view.cooperative.name}</strong>
          <br />
          {view.cooperative.place}
        </p>
      </section>

      <section aria-labelledby="diary-title">
        <h2 id="diary-title">{t.diary.heading}</h2>
        {view.diary.length ? (
          <ol className="timeline">
            {view.diary.map((entry) => (
              <Entry key={entry.seq} entry={entry} t={t} />
            ))}
          </ol>
        ) : (
          <p>{t.diary.empty}</p>
        )}
      </section>

      <section aria-labelledby="chain-title">
        <h2 id="chain-title">{t.chain.heading}</h2>
        <h3>{t.chain.back}</h3>
        {view.back.length || view.backTexts.length ? (
          <ul className="plain">
            <Links links={view.back} />
            {view.backTexts.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : (
          <p className="small">{t.chain.noneBack}</p>
        )}
        <h3>{t.chain.forward}</h3>
        {view.forward.length || view.forwardTexts.length ? (
          <ul className="plain">
            <Links links={view.forward} />
            {view.forwardTexts.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : (
          <p className="small">{t.chain.noneForward}</p>
        )}
      </section>

      {view.recall ? null : (
        <section id="recall" aria-labelledby="recall-status-title">
          <h2 id="recall-status-title">{t.recall.statusHeading}</h2>
          <p>{view.recallNone}</p>
        </section>
      )}

      <p>
        <a href={view.product.href}>{t.viewProduct}</a>
        <br />
        <a href={view.epcisHref} type="application/ld+json">
          {t.epcis}
        </a>
      </p>
    </>
  );
}

/** The 400 and 404 pages of the resolver, in the same light layout. */
export function ScanProblem({ locale, title, lines }: { locale: Locale; title: string; lines: string[] }) {
  const t = messagesFor(locale).scan;
  return (
    <section className="card warn" aria-labelledby="problem-title">
      <h1 id="problem-title">{title}</h1>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p>
        <a href="/">{t.errors.goHome}</a>
      </p>
    </section>
  );
}

/** The whole scan page document for a view. */
export function ScanPageDocument({ view, image }: { view: ScanView; image?: string | null }) {
  return (
    <ScanDocument
      locale={view.locale}
      title={view.title}
      description={view.description}
      path={view.pagePath}
      image={image}
    >
      <ScanPage view={view} />
    </ScanDocument>
  );
}
