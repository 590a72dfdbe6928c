// Pure helpers that need no browser: counts, slugs, focal points.
import { test } from "node:test";
import assert from "node:assert/strict";
import { countWords, readingTime, slugify } from "../src/fields.js";
import { formatFocal, parseFocal } from "../src/schema.js";

test("words and reading time", () => {
  assert.equal(countWords(""), 0);
  assert.equal(countWords("Banjir rendam 3 kecamatan — warga mengungsi."), 6);
  assert.equal(countWords("anak-anak di Jl. Sudirman"), 4);
  assert.equal(readingTime(0), "");
  assert.equal(readingTime(50), "± 1 menit baca");
  assert.equal(readingTime(600), "± 3 menit baca");
});

test("slugs", () => {
  assert.equal(slugify("Banjir Rendam 3 Kecamatan di Bekasi!"), "banjir-rendam-3-kecamatan-di-bekasi");
  assert.equal(slugify("Café « Kopi » Ñusantara"), "cafe-kopi-nusantara");
  assert.ok(slugify("a ".repeat(100)).length <= 80);
});

test("focal points", () => {
  assert.equal(formatFocal(0.5, 0.5), "0.5,0.5");
  assert.equal(formatFocal(0.12345, 1.2), "0.123,1");
  assert.equal(parseFocal("0.25,0.75"), "0.25,0.75");
  assert.equal(parseFocal(" 0.3333 , 0 "), "0.333,0");
  assert.equal(parseFocal("1.5,0.5"), null);
  assert.equal(parseFocal("x,y"), null);
  assert.equal(parseFocal(null), null);
});
