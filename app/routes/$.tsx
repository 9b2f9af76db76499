import { useLocation } from "@remix-run/react";
import { ErrorPage } from "~/components/ErrorPage";
import { httpError } from "~/utils/http.server";

// Unknown URLs match this route, so the root loader still runs (language, signed-in user) and
// the 404 page is rendered in the reader's language inside the normal shell.
export async function loader() {
  httpError(404);
}

export default function NotFound() {
  return <ErrorPage status={404} path={useLocation().pathname} />;
}

export function ErrorBoundary() {
  return <ErrorPage status={404} path={useLocation().pathname} />;
}
