#include "edi/delimiters.hpp"

#include <cstdio>
#include <string>

namespace edi {

bool IsBasicChar(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ') return true;
  switch (c) {
    case '!':
    case '"':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case ';':
    case '?':
    case '=':
      return true;
    default:
      return false;
  }
}

namespace {

// Decodes one UTF-8 sequence; returns the code point or -1.
long DecodeUtf8(std::string_view b) {
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size() == 2) return ((u(0) & 0x1f) << 6) | (u(1) & 0x3f);
  if (b.size() == 3) return ((u(0) & 0x0f) << 12) | ((u(1) & 0x3f) << 6) | (u(2) & 0x3f);
  if (b.size() == 4) {
    return ((u(0) & 0x07) << 18) | ((u(1) & 0x3f) << 12) | ((u(2) & 0x3f) << 6) | (u(3) & 0x3f);
  }
  return -1;
}

}  // namespace

std::string DescribeDelimiter(std::string_view bytes) {
  char buf[24];  // "U+" and up to 16 hex digits (the compiler cannot bound cp at -O0)
  if (bytes.size() == 1) {
    auto u = static_cast<unsigned char>(bytes[0]);
    if (u == '\n') return "LF";
    if (u == '\r') return "CR";
    if (u == '\t') return "TAB";
    if (u == ' ') return "space";
    if (u >= 0x21 && u <= 0x7e) return std::string("'") + bytes[0] + "'";
    std::snprintf(buf, sizeof buf, "U+%04X", u);
    return buf;
  }
  long cp = DecodeUtf8(bytes);
  if (cp < 0) return "invalid bytes";
  std::snprintf(buf, sizeof buf, "U+%04lX", cp);
  return buf;
}

}  // namespace edi
