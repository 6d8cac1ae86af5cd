// X12Validator: everything checkable about an X12 stream in one pass. It runs the envelope checks
// and, for each transaction set whose guide has a schema, the implementation-guide validation
// (TransactionValidator). Feed it the segments of a SegmentReader. Not thread-safe; the registry
// and sink must outlive it.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "edi/claim_rules.hpp"
#include "edi/envelope.hpp"
#include "edi/schema.hpp"
#include "edi/validator.hpp"

namespace edi {

class X12Validator {
 public:
  // `registry` may be null: envelope checks only.
  X12Validator(const schema::SchemaRegistry* registry, DiagnosticSink& sink,
               const EnvelopeOptions& options = {});

  void Add(const Segment& segment, const InterchangeHeader& header);
  void Finish();

  const EnvelopeChecker& envelope() const { return envelope_; }
  // The schema of the transaction set being read, if any.
  const schema::TransactionSchema* current_schema() const { return schema_; }

 private:
  void EndSet();

  const schema::SchemaRegistry* registry_;
  DiagnosticSink& sink_;
  EnvelopeChecker envelope_;
  const schema::TransactionSchema* schema_ = nullptr;
  std::unique_ptr<TransactionValidator> set_;
  std::unique_ptr<ClaimRules> claim_rules_;  // 837 sets only
  std::set<std::string> noted_;  // "837 005010X222A1" already reported as having no schema
};

}  // namespace edi
