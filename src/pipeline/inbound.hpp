// Inbound payer responses: one file (TA1, 999, 277CA, 277 or 835) is stored raw with its SHA-256
// FIRST, then parsed, matched to interchanges and claims, and applied: claims move through the
// lifecycle (pipeline::ApplyEvent), remittances and status records are stored, unmatched items
// are kept visible (StatusRecord without claim_id / ClaimPayment without claim_id), never dropped.
// Importing the same bytes again changes nothing (duplicate = true).
// Blocking (waits for durable writes): call from a worker thread. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edi/result.hpp"
#include "src/store/store.hpp"

namespace claimgate::ops {
class Registry;
}

namespace claimgate::pipeline {

struct InboundSource {
  std::string payer_id;     // the payer it came from (SFTP folder / CORE endpoint / operator)
  std::string source_name;  // remote file name, PayloadID or upload name; no PHI
  std::string tenant_id;    // empty: matched claims decide the tenant
};

struct ImportReport {
  std::string inbound_file_id;
  bool duplicate = false;  // the same bytes were imported before; nothing was applied again
  std::string kind;        // "TA1", "999", "277CA", "277", "835", "unknown"
  std::string state;       // inbound file state after the import: "APPLIED", "PARTIAL", "FAILED"
  int claims_matched = 0;  // claims that received an event
  int unmatched = 0;       // items kept in the unmatched queue
  std::vector<std::string> remittance_ids;
  std::vector<std::string> problems;  // parse findings and refusals, PHI-free, for operators
};

class InboundImporter {
 public:
  // `store` must outlive the importer; `metrics` may be null.
  explicit InboundImporter(store::Store& store, ops::Registry* metrics = nullptr);

  // Stores `bytes`, then parses and applies them. Fails only when the store cannot take the raw
  // file (nothing then happened); a file that does not parse is stored with state FAILED and
  // the problems listed.
  edi::Result<ImportReport> Import(const InboundSource& source, std::string bytes);

 private:
  store::Store& store_;
  ops::Registry* metrics_;
};

}  // namespace claimgate::pipeline
