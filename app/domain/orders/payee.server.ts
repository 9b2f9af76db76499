/**
 * Where a bank transfer goes. An order from one cooperative is paid straight to that
 * cooperative's account, and its managers confirm the money arrived. An order from several
 * cooperatives is one payment, so it goes to the marketplace's collection account
 * (PLATFORM_BANK_*), which admins confirm. Null when neither is set up: no transfer offered.
 */
import { inArray } from "drizzle-orm";
import { findBank } from "~/domain/payments/banks";
import { getEnv } from "~/utils/env.server";
import { type Db, db as defaultDb } from "~db/client.server";
import { cooperatives } from "~db/schema";

export interface Payee {
  /** Null for the marketplace's own account. */
  cooperativeId: string | null;
  bankBin: string;
  bankName: string;
  accountNo: string;
  accountName: string;
}

export async function resolvePayee(
  cooperativeIds: readonly string[],
  tx: Db = defaultDb(),
): Promise<Payee | null> {
  if (cooperativeIds.length === 1) {
    const [coop] = await tx
      .select({
        id: cooperatives.id,
        bankBin: cooperatives.bankBin,
        accountNo: cooperatives.bankAccountNo,
        accountName: cooperatives.bankAccountName,
      })
      .from(cooperatives)
      .where(inArray(cooperatives.id, [...cooperativeIds]));
    if (coop?.bankBin && coop.accountNo && coop.accountName) {
      return {
        cooperativeId: coop.id,
        bankBin: coop.bankBin,
        bankName: findBank(coop.bankBin)?.shortName ?? coop.bankBin,
        accountNo: coop.accountNo,
        accountName: coop.accountName,
      };
    }
    return platformPayee();
  }
  return cooperativeIds.length > 1 ? platformPayee() : null;
}

export function platformPayee(): Payee | null {
  const env = getEnv();
  if (!env.PLATFORM_BANK_BIN || !env.PLATFORM_BANK_ACCOUNT_NO || !env.PLATFORM_BANK_ACCOUNT_NAME) return null;
  return {
    cooperativeId: null,
    bankBin: env.PLATFORM_BANK_BIN,
    bankName: findBank(env.PLATFORM_BANK_BIN)?.shortName ?? env.PLATFORM_BANK_BIN,
    accountNo: env.PLATFORM_BANK_ACCOUNT_NO,
    accountName: env.PLATFORM_BANK_ACCOUNT_NAME,
  };
}
