import { data } from "@remix-run/node";
import type { Actor } from "~/domain/cooperatives/access.server";
import { importStatement, type StatementImport } from "~/domain/orders/statement.server";
import type { TransferPayee } from "~/domain/orders/transfers.server";
import type { UploadedFile } from "~/domain/storage/images.server";
import { MB } from "~/domain/storage/sniff";
import { rethrowAsHttp } from "./http.server";
import { readFormWithFiles, UploadRefused } from "./uploads.server";

/**
 * The request side of the bank-statement import and the transfer confirmation, shared by the
 * cooperative's pages and the admin's: reading the form (a plain one or one with the CSV file)
 * and answering the import with its report or its problems.
 */

export const STATEMENT_MAX_BYTES = 2 * MB;

export interface StatementFailure {
  kind: "statement";
  ok: false;
  messageKey: string | null;
  issues: { line: number; messageKey: string; params?: Record<string, string | number> }[];
}

export interface StatementSuccess {
  kind: "statement";
  ok: true;
  report: {
    lines: number;
    counts: Record<string, number>;
    rows: Extract<StatementImport, { ok: true }>["rows"];
  };
}

const refused = (messageKey: string, status = 400) =>
  data<StatementFailure>({ kind: "statement", ok: false, messageKey, issues: [] }, { status });

/** The posted form: its text fields, and the statement file when one was sent. */
export async function readOrderForm(
  request: Request,
): Promise<
  { ok: true; values: Record<string, string>; file: UploadedFile | null } | { ok: false; tooLarge: true }
> {
  try {
    const form = await readFormWithFiles(request, { maxFileBytes: STATEMENT_MAX_BYTES, maxFiles: 1 });
    return { ok: true, values: form.values, file: form.files.file?.[0] ?? null };
  } catch (error) {
    if (error instanceof UploadRefused) return { ok: false, tooLarge: true };
    throw error;
  }
}

/** The statement import's answer: 400 with every problem (nothing written), or the per-line report. */
export async function answerStatement(actor: Actor, file: UploadedFile | null, payee: TransferPayee) {
  if (!file || file.size === 0) return refused("fulfilment.statement.errors.fileRequired");
  if (!file.bytes) return refused("fulfilment.statement.errors.tooLarge", 413);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
  } catch {
    return refused("fulfilment.statement.errors.notUtf8");
  }
  const result = await importStatement(actor, text, { payee }).catch(rethrowAsHttp);
  if (!result.ok) {
    return data<StatementFailure>(
      { kind: "statement", ok: false, messageKey: null, issues: result.issues },
      { status: 400 },
    );
  }
  const lines = new Set(result.rows.map((r) => r.line)).size;
  return data<StatementSuccess>({
    kind: "statement",
    ok: true,
    report: { lines, counts: result.counts, rows: result.rows },
  });
}

export const statementTooLarge = () => refused("fulfilment.statement.errors.tooLarge", 413);
