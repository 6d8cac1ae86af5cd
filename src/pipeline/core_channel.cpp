#include "src/pipeline/core_channel.hpp"

#include <utility>

namespace claimgate::pipeline {

edi::Result<CoreChannel> MakeCoreChannel(const core::PayerConfig& payer) {
  if (payer.transport != core::TransportKind::kCore) {
    return edi::Error{"config", payer.source + ": transport.kind: not core"};
  }
  const core::CoreTransportConfig& core = payer.core;
  if (core.url.rfind("https://", 0) != 0) {
    return edi::Error{"config", payer.source + ": transport.core.url: must start with https://"};
  }
  auto password = core::ReadSecret(core.password);
  if (!password) {
    return edi::Error{"config",
                      payer.source + ": transport.core.password: " + password.error().message};
  }
  CoreChannel c;
  c.url = core.url;
  c.sender_id = core.sender_id;
  c.receiver_id = core.receiver_id;
  c.options.ca_file = core.ca_file;
  c.options.client_cert_file = core.client_cert_file;
  c.options.client_key_file = core.client_key_file;
  c.credentials = {core.username, std::move(*password)};
  c.encoding = core.encoding == core::CoreEncoding::kSoap ? transport::CoreEncoding::kSoap
                                                          : transport::CoreEncoding::kMime;
  return c;
}

}  // namespace claimgate::pipeline
