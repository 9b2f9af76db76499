import { describe, expect, it } from "vitest";
import { dropReactBufferPadding } from "~/entry.server";

async function through(chunks: Uint8Array[]): Promise<Buffer> {
  const stream = dropReactBufferPadding();
  const out: Buffer[] = [];
  stream.on("data", (c: Buffer) => out.push(Buffer.from(c)));
  const done = new Promise((resolve) => stream.on("end", resolve));
  for (const c of chunks) stream.write(c);
  stream.end();
  await done;
  return Buffer.concat(out);
}

describe("React stream padding", () => {
  it("drops the zero padding of a 2,048-byte flush and keeps every real byte", async () => {
    const text = Buffer.from("Sau đó", "utf8");
    const padded = new Uint8Array(2048);
    padded.set(text);
    const result = await through([padded, Buffer.from("ó tiếp", "utf8")]);
    expect(result.includes(0)).toBe(false);
    expect(result.toString("utf8")).toBe("Sau đóó tiếp");
  });

  it("leaves chunks of other sizes untouched", async () => {
    const chunk = new Uint8Array([65, 0, 0]);
    expect([...(await through([chunk]))]).toEqual([65, 0, 0]);
  });
});
