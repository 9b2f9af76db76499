import type { MetaFunction } from "@remix-run/node";
import { useT } from "~/utils/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return [{ title: root?.locale === "en" ? "Chợ OCOP" : "Chợ OCOP" }];
};

export default function Home() {
  const t = useT();
  return (
    <section className="hero">
      <h1>{t.home.heading}</h1>
      <p>{t.home.intro}</p>
    </section>
  );
}
