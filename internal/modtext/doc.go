// Package modtext reads a shopper's modification text ("is darker with
// long sleeves") into tokens, and finds the attribute values that the text
// asks for or asks to remove.
//
// The parser is deliberately simple: lower-case tokens of letters and
// digits, a short stop-word list, plural endings dropped when matching
// attribute values, and a negation rule: a negation word ("no", "not",
// "without", "less", "non", "remove", "drop", ...) up to two tokens before
// a mention marks the mention as a removal.
package modtext
