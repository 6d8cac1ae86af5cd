// Where a text stops being JSON, found without exceptions: one nlohmann SAX pass that records the
// parser's position at its first syntax error. Meant to run once a parse has failed, to name the
// place in a finding or a 400. Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace claimgate::core {

// How many characters of `text` the strict JSON parser read up to and including the one where it
// failed (so the offending byte is at offset result - 1); 0 when `text` is valid JSON.
std::size_t JsonSyntaxErrorPosition(std::string_view text);

// The path of the first key that appears twice in one object ("claim.serviceLines[1].units"),
// or nullopt when there is none (or `text` is not JSON). JSON leaves duplicate names undefined
// and parsers disagree on which one wins, so intake refuses them rather than guess.
std::optional<std::string> JsonDuplicateKeyPath(std::string_view text);

}  // namespace claimgate::core
