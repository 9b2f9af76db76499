import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT, useTranslate } from "~/utils/i18n";

/** The friendly error page for 4xx and 5xx, in the reader's language. */
export function ErrorPage({ status }: { status: number; path?: string }) {
  const t = useT();
  const [title, body] =
    status === 404
      ? [t.errors.notFoundTitle, t.errors.notFoundBody]
      : status === 403
        ? [t.errors.forbiddenTitle, t.errors.forbiddenBody]
        : status === 409
          ? [t.errors.conflictTitle, t.errors.badRequestBody]
          : status >= 400 && status < 500
            ? [t.errors.badRequestTitle, t.errors.badRequestBody]
            : [t.errors.serverTitle, t.errors.serverBody];
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{t.errors.statusCode.replace("{status}", String(status))}</p>
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      <p>
        <Link className="button" to="/">
          {t.errors.goHome}
        </Link>
      </p>
    </section>
  );
}

/**
 * A route's error boundary: the friendly page for the status, plus the domain's own explanation
 * when the error carries one of the area's message keys (e.g. "archived: restore it first").
 */
export function RouteErrorBoundary({ detailPrefix }: { detailPrefix: string }) {
  const error = useRouteError();
  const translate = useTranslate();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = isRouteErrorResponse(error)
    ? (error.data as { messageKey?: string | null } | null)?.messageKey
    : null;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <>
      <ErrorPage status={status} />
      {key?.startsWith(detailPrefix) ? (
        <p className="notice-warn error-detail" role="alert">
          {translate(key)}
        </p>
      ) : null}
    </>
  );
}
