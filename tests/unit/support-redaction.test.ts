/** Redaction of attached conversations: usernames and handles keep their digits; phone
 * numbers standing on their own are still taken out. */
import { expect, test } from "vitest";
import { redact } from "~/lib/support/redact";

const USERNAMES = [
  "sam_1990",
  "@gamer4155551234",
  "user123456789",
  "gamer-4155551234",
  "@4155551234",
  "#4155551234",
  "sam.4155551234",
  "4155551234-bot",
  "x_4155551234_y",
  "gamer-4242-4242-4242-4242",
];

test.each(USERNAMES)("digits inside a word are not a phone or card number: %s", (name) => {
  const { text, counts } = redact(`Say hi to ${name} for me.`);
  expect(text).toBe(`Say hi to ${name} for me.`);
  expect(counts.phone + counts.card).toBe(0);
});

test.each(["+1 555 123 4567", "(555) 123-4567", "07700 900123", "555-123-4567", "555.123.4567", "+44 20 7946 0958"])(
  "a real phone number is still redacted: %s",
  (phone) => {
    const { text, counts } = redact(`Call me on ${phone}.`);
    expect(text).toBe("Call me on [phone number redacted].");
    expect(counts.phone).toBe(1);
  },
);

test("a phone number beside a username: only the number goes", () => {
  expect(redact("@gamer4155551234: ring 07700 900123, ask for sam_1990").text).toBe(
    "@gamer4155551234: ring [phone number redacted], ask for sam_1990",
  );
  expect(redact("(555) 123-4567 or +1 555 123 4567").counts.phone).toBe(2);
});

test("a card number on its own is still redacted", () => {
  expect(redact("card: 4242-4242-4242-4242, thanks").text).toBe("card: [card number redacted], thanks");
});
