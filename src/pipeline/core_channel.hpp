// How to reach one payer over CAQH CORE, from its payer file: the endpoint URL, the CORE
// SenderID/ReceiverID, the TLS files (CA, client certificate), the credentials (the password
// secret is read here) and the encoding. Used by the real-time status inquiry and by the batch
// link (core_link.cpp, MakeCoreLink). A pure function apart from reading the secret; thread-safe.
#pragma once

#include <string>

#include "edi/result.hpp"
#include "src/core/payer_config.hpp"
#include "src/transport/core_client.hpp"

namespace claimgate::pipeline {

struct CoreChannel {
  std::string url;  // https://...
  std::string sender_id, receiver_id;
  transport::CoreClientOptions options;
  transport::CoreCredentials credentials;
  transport::CoreEncoding encoding = transport::CoreEncoding::kMime;
};

// Fails with code "config" and "FILE: transport.core.KEY: message" when the payer has no CORE
// transport, its URL is not https:// or its password secret cannot be read.
edi::Result<CoreChannel> MakeCoreChannel(const core::PayerConfig& payer);

}  // namespace claimgate::pipeline
