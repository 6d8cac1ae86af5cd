#include "src/store/key_check.hpp"

#include <charconv>
#include <string>

#include "src/store/sqlite_internal.hpp"

namespace claimgate::store {
namespace {

constexpr std::string_view kCheckPlaintext = "claimgate store key check 1";
constexpr std::string_view kRecordPrefix = "key_check:";
constexpr const char* kAdvice =
    " Start with the key this database was written with; nothing was written.";

std::string RecordName(uint32_t key_id) {
  return std::string(kRecordPrefix) + std::to_string(key_id);
}
std::string RecordAad(uint32_t key_id) {
  return Aad("store_meta.key_check", std::to_string(key_id));
}

Error WrongKey(const std::string& why) {
  return Error{"wrong_store_key",
               "the encryption key does not open this database: " + why + "." + kAdvice};
}

Result<bool> TableExists(Db& db, std::string_view table) {
  auto s = db.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  s.Bind(1, table);
  bool found = s.Step();
  if (!s.ok()) return db.LastError("reading the schema");
  return found;
}

// The oldest sealed value of the first table that has one: the claim, interchange, inbound file
// or status record a database's first key wrote. Empty `sealed` when there is none.
struct SealedSample {
  std::string what;  // "its oldest claim", for the message
  std::string sealed;
  std::string aad;
};

Result<SealedSample> OldestSealedValue(Db& db) {
  struct Source {
    const char* table;
    const char* sql;
    const char* aad_column;
    const char* what;
  };
  static constexpr Source kSources[] = {
      {"claims", "SELECT id, encounter_enc FROM claims ORDER BY seq LIMIT 1", "claims.encounter",
       "its oldest claim"},
      {"interchanges", "SELECT id, bytes_enc FROM interchanges ORDER BY seq LIMIT 1",
       "interchanges.bytes", "its oldest interchange"},
      {"inbound_files", "SELECT id, bytes_enc FROM inbound_files ORDER BY seq LIMIT 1",
       "inbound_files.bytes", "its oldest inbound file"},
      {"status_records", "SELECT id, detail_enc FROM status_records ORDER BY seq LIMIT 1",
       "status_records.detail", "its oldest status record"},
  };
  for (const Source& source : kSources) {
    auto exists = TableExists(db, source.table);
    if (!exists) return exists.error();
    if (!*exists) continue;
    auto s = db.Prepare(source.sql);
    if (s.Step()) return SealedSample{source.what, s.Blob(1), Aad(source.aad_column, s.Text(0))};
    if (!s.ok()) return db.LastError("reading a sealed value");
  }
  return SealedSample{};
}

}  // namespace

Result<void> CheckStoreKey(Db& db, const Keyring& keys, KeyCheckMode mode) {
  auto has_meta = TableExists(db, "store_meta");
  if (!has_meta) return has_meta.error();
  bool any_record = false;
  bool active_recorded = false;
  if (*has_meta) {
    auto records = db.Prepare(
        "SELECT name, value FROM store_meta WHERE substr(name, 1, 10) = 'key_check:' "
        "ORDER BY name");
    while (records.Step()) {
      const std::string name = records.Text(0);
      uint32_t key_id = 0;
      const char* first = name.data() + kRecordPrefix.size();
      const char* last = name.data() + name.size();
      if (auto [end, ec] = std::from_chars(first, last, key_id); ec != std::errc() || end != last) {
        return Error{"store_corrupt", "store_meta holds a malformed key check record"};
      }
      any_record = true;
      active_recorded = active_recorded || key_id == keys.active_key_id();
      auto opened = keys.Open(records.Blob(1), RecordAad(key_id));
      if (!opened && opened.error().code == "unknown_key_id") {
        return WrongKey("it holds values sealed under key id " + std::to_string(key_id) +
                        ", which is not loaded");
      }
      if (!opened || *opened != kCheckPlaintext) {
        return WrongKey("key id " + std::to_string(key_id) +
                        " is not the key this database was written with (its key check record "
                        "does not decrypt)");
      }
    }
    if (!records.ok()) return db.LastError("reading the key check");
  }
  if (!any_record) {
    // A new database, or one written before the key check existed: its first key wrote its
    // oldest sealed value (a later wrong key may have written newer ones).
    auto sample = OldestSealedValue(db);
    if (!sample) return sample.error();
    if (!sample->sealed.empty()) {
      auto opened = keys.Open(sample->sealed, sample->aad);
      if (!opened && opened.error().code == "unknown_key_id") {
        return WrongKey(sample->what + " is sealed under a key id that is not loaded");
      }
      if (!opened) return WrongKey(sample->what + " does not decrypt under the key");
    }
  }
  if (mode == KeyCheckMode::kRecord && !active_recorded) {
    auto sealed = keys.Seal(kCheckPlaintext, RecordAad(keys.active_key_id()));
    if (!sealed) return sealed.error();
    auto insert = db.Prepare("INSERT INTO store_meta(name, value, updated_ms) VALUES (?, ?, ?)");
    insert.Bind(1, RecordName(keys.active_key_id())).BindBlob(2, *sealed).Bind(3, NowMs());
    insert.Step();
    if (!insert.ok()) return db.LastError("recording the key check");
  }
  return {};
}

}  // namespace claimgate::store
