// Internal to the CORE envelope code (core_envelope*.cpp): field access by the rule's names,
// shared by the SOAP and MIME decoders. Not part of the transport API. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/transport/core_envelope.hpp"

namespace claimgate::transport::detail {

// Sets the field named as in the rule (PayloadType, ..., Payload). False if the name is unknown;
// bad_number is set when PayloadLength is not a decimal number.
bool SetCoreField(CoreEnvelope& e, std::string_view name, std::string value, bool& bad_number);

inline edi::Error CoreError(std::string code, std::string message) {
  return edi::Error{std::move(code), std::move(message)};
}

}  // namespace claimgate::transport::detail
