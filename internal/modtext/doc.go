// Package modtext reads a shopper's modification text ("is darker with
// long sleeves") into tokens, and finds the attribute values that the text
// asks for or asks to remove.
//
// The parser is deliberately simple: lower-case tokens of letters and
// digits, a short stop-word list, and a negation rule where "no", "not",
// "without", "less" or "non" directly before a mention (up to two tokens
// before it) marks the mention as a removal.
package modtext
