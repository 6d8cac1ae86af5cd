// SqliteStore: control numbers, outbound interchanges and inbound files.
#include "src/store/sqlite_internal.hpp"

namespace claimgate::store {
namespace {

constexpr int64_t kMaxControlNumber = 999999999;  // ISA13 is 9 digits

#define CLAIMGATE_INTERCHANGE_COLUMNS                                                       \
  "SELECT id, payer_id, sender_id, receiver_id, file_name, state, last_error, sha256_hex, " \
  "isa13, gs06, attempts, created_ms, updated_ms, size_bytes, bytes_enc FROM interchanges "

#define CLAIMGATE_INBOUND_COLUMNS                                                      \
  "SELECT id, tenant_id, payer_id, kind, source_name, sha256_hex, state, last_error, " \
  "size_bytes, received_ms, updated_ms, bytes_enc FROM inbound_files "

Interchange InterchangeFromRow(const Stmt& s) {
  Interchange x;
  x.id = s.Text(0);
  x.payer_id = s.Text(1);
  x.sender_id = s.Text(2);
  x.receiver_id = s.Text(3);
  x.file_name = s.Text(4);
  x.state = s.Text(5);
  x.last_error = s.Text(6);
  x.sha256_hex = s.Text(7);
  x.isa13 = s.Int(8);
  x.gs06 = s.Int(9);
  x.attempts = static_cast<int>(s.Int(10));
  x.created_ms = s.Int(11);
  x.updated_ms = s.Int(12);
  x.size_bytes = s.Int(13);
  return x;
}

}  // namespace

void SqliteStore::AllocateControlNumbers(std::string name, int64_t count, Done<int64_t> done) {
  if (count < 1 || count > kMaxControlNumber || name.empty()) {
    done(Error{"invalid", "a control number sequence needs a name and a count of at least 1"});
    return;
  }
  Submit<int64_t>(
      [name = std::move(name), count](Db& db) -> Result<int64_t> {
        auto q = db.Prepare("SELECT next_value FROM control_numbers WHERE name = ?");
        q.Bind(1, name);
        int64_t first = q.Step() ? q.Int(0) : 1;
        if (!q.ok()) return db.LastError("reading control number");
        if (first + count - 1 > kMaxControlNumber) {
          return Error{"exhausted", "control number sequence " + name + " is exhausted"};
        }
        auto up = db.Prepare(
            "INSERT INTO control_numbers(name, next_value) VALUES (?1, ?2) "
            "ON CONFLICT(name) DO UPDATE SET next_value = ?2");
        up.Bind(1, name).Bind(2, first + count);
        up.Step();
        if (!up.ok()) return db.LastError("reserving control numbers");
        return first;
      },
      std::move(done));
}

void SqliteStore::SeedControlNumbers(std::string name, int64_t start, Done<int64_t> done) {
  if (start < 1 || start > kMaxControlNumber || name.empty()) {
    done(Error{"invalid", "a control number sequence needs a name and a start of 1..999999999"});
    return;
  }
  Submit<int64_t>(
      [name = std::move(name), start](Db& db) -> Result<int64_t> {
        auto up = db.Prepare(
            "INSERT INTO control_numbers(name, next_value) VALUES (?1, ?2) "
            "ON CONFLICT(name) DO UPDATE SET next_value = MAX(next_value, ?2)");
        up.Bind(1, name).Bind(2, start);
        up.Step();
        if (!up.ok()) return db.LastError("seeding control numbers");
        auto q = db.Prepare("SELECT next_value FROM control_numbers WHERE name = ?");
        q.Bind(1, name);
        if (!q.Step()) return db.LastError("reading control number");
        return q.Int(0);
      },
      std::move(done));
}

void SqliteStore::InsertInterchange(NewInterchange x, Done<Interchange> done) {
  if (x.id.empty()) x.id = NewId("icn");
  auto sealed = keys().Seal(x.bytes, Aad("interchanges.bytes", x.id));
  if (!sealed) {
    done(sealed.error());
    return;
  }
  std::string sha = Sha256Hex(x.bytes);
  auto size = static_cast<int64_t>(x.bytes.size());
  x.bytes.clear();
  Submit<Interchange>(
      [this, x = std::move(x), enc = std::move(*sealed), sha, size,
       now = NowMs()](Db& db) -> Result<Interchange> {
        auto s = db.Prepare(
            "INSERT INTO interchanges(id, payer_id, sender_id, receiver_id, isa13, gs06, "
            "file_name, state, sha256_hex, size_bytes, bytes_enc, created_ms, updated_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'BUILT', ?, ?, ?, ?, ?)");
        s.Bind(1, x.id).Bind(2, x.payer_id).Bind(3, x.sender_id).Bind(4, x.receiver_id);
        s.Bind(5, x.isa13).Bind(6, x.gs06).Bind(7, x.file_name).Bind(8, sha).Bind(9, size);
        s.BindBlob(10, enc).Bind(11, now).Bind(12, now);
        s.Step();
        if (!s.ok()) return db.LastError("inserting interchange");
        for (const auto& claim_id : x.claim_ids) {
          if (x.batch_transition) {
            auto e = AppendEvent(db, "", claim_id, ClaimEventInput{"batched", "", x.id},
                                 x.batch_transition);
            if (!e) return e.error();
          }
          auto link = db.Prepare("UPDATE claims SET interchange_id = ? WHERE id = ?");
          link.Bind(1, x.id).Bind(2, claim_id);
          link.Step();
          if (!link.ok()) return db.LastError("linking claim");
          if (db.Changes() != 1) return NotFound("claim " + claim_id);
        }
        return ReadInterchange(db, x.id, false);
      },
      std::move(done));
}

void SqliteStore::UpdateInterchange(std::string id, InterchangeUpdate u, Done<Interchange> done) {
  Submit<Interchange>(
      [this, id = std::move(id), u = std::move(u), now = NowMs()](Db& db) -> Result<Interchange> {
        auto s = db.Prepare(
            "UPDATE interchanges SET state = ?, attempts = (CASE WHEN ? THEN 0 ELSE attempts END) "
            "+ ?, last_error = ?, updated_ms = ? WHERE id = ?");
        s.Bind(1, u.state).Bind(2, int64_t{u.reset_attempts ? 1 : 0});
        s.Bind(3, int64_t{u.count_attempt ? 1 : 0}).Bind(4, u.last_error);
        s.Bind(5, now).Bind(6, id);
        s.Step();
        if (!s.ok()) return db.LastError("updating interchange");
        if (db.Changes() != 1) return NotFound("interchange");
        return ReadInterchange(db, id, false);
      },
      std::move(done));
}

Result<Interchange> SqliteStore::ReadInterchange(Db& db, const std::string& id, bool with_bytes) {
  auto s = db.Prepare(CLAIMGATE_INTERCHANGE_COLUMNS "WHERE id = ?");
  s.Bind(1, id);
  if (!s.Step()) {
    if (!s.ok()) return db.LastError("reading interchange");
    return NotFound("interchange");
  }
  Interchange x = InterchangeFromRow(s);
  if (with_bytes) {
    auto bytes = keys().Open(s.Blob(14), Aad("interchanges.bytes", x.id));
    if (!bytes) return bytes.error();
    x.bytes = std::move(*bytes);
  }
  auto c = db.Prepare("SELECT id FROM claims WHERE interchange_id = ? ORDER BY seq");
  c.Bind(1, id);
  while (c.Step()) x.claim_ids.push_back(c.Text(0));
  if (!c.ok()) return db.LastError("reading interchange claims");
  return x;
}

Result<Interchange> SqliteStore::GetInterchange(const std::string& id, bool with_bytes) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  return ReadInterchange(**reader, id, with_bytes);
}

Result<Interchange> SqliteStore::FindInterchangeByIsa13(const std::string& sender_id,
                                                        const std::string& receiver_id,
                                                        int64_t isa13) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  std::string id;
  {
    auto s = (*reader)->Prepare(
        "SELECT id FROM interchanges WHERE sender_id = ? AND receiver_id = ? AND isa13 = ?");
    s.Bind(1, sender_id).Bind(2, receiver_id).Bind(3, isa13);
    if (!s.Step()) {
      if (!s.ok()) return (*reader)->LastError("reading interchange");
      return NotFound("interchange");
    }
    id = s.Text(0);
  }
  return ReadInterchange(**reader, id, false);
}

Result<std::vector<Interchange>> SqliteStore::ListInterchanges(const std::string& payer_id,
                                                               const std::string& state,
                                                               int limit) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(CLAIMGATE_INTERCHANGE_COLUMNS
                              "WHERE payer_id = ?1 AND (?2 = '' OR state = ?2) "
                              "ORDER BY seq LIMIT ?3");
  s.Bind(1, payer_id).Bind(2, state).Bind(3, static_cast<int64_t>(ClampLimit(limit, 10000)));
  std::vector<Interchange> out;
  while (s.Step()) out.push_back(InterchangeFromRow(s));
  if (!s.ok()) return (*reader)->LastError("listing interchanges");
  return out;
}

void SqliteStore::InsertInboundFile(NewInboundFile f, Done<InboundFileInsert> done) {
  std::string id = NewId("inb");
  auto sealed = keys().Seal(f.bytes, Aad("inbound_files.bytes", id));
  if (!sealed) {
    done(sealed.error());
    return;
  }
  std::string sha = Sha256Hex(f.bytes);
  auto size = static_cast<int64_t>(f.bytes.size());
  f.bytes.clear();
  Submit<InboundFileInsert>(
      [f = std::move(f), id, enc = std::move(*sealed), sha, size,
       now = NowMs()](Db& db) -> Result<InboundFileInsert> {
        auto q = db.Prepare("SELECT id, state FROM inbound_files WHERE sha256_hex = ?");
        q.Bind(1, sha);
        if (q.Step()) return InboundFileInsert{q.Text(0), true, q.Text(1)};
        if (!q.ok()) return db.LastError("reading inbound file");
        auto s = db.Prepare(
            "INSERT INTO inbound_files(id, tenant_id, payer_id, kind, source_name, sha256_hex, "
            "size_bytes, bytes_enc, state, received_ms, updated_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?)");
        s.Bind(1, id).Bind(2, f.tenant_id).Bind(3, f.payer_id).Bind(4, f.kind);
        s.Bind(5, f.source_name).Bind(6, sha).Bind(7, size).BindBlob(8, enc);
        s.Bind(9, now).Bind(10, now);
        s.Step();
        if (!s.ok()) return db.LastError("inserting inbound file");
        return InboundFileInsert{id, false, "RECEIVED"};
      },
      std::move(done));
}

void SqliteStore::UpdateInboundFile(std::string id, std::string state, std::string last_error,
                                    Done<InboundFile> done) {
  Submit<InboundFile>(
      [this, id = std::move(id), state = std::move(state), err = std::move(last_error),
       now = NowMs()](Db& db) -> Result<InboundFile> {
        auto s = db.Prepare(
            "UPDATE inbound_files SET state = ?, last_error = ?, updated_ms = ? WHERE id = ?");
        s.Bind(1, state).Bind(2, err).Bind(3, now).Bind(4, id);
        s.Step();
        if (!s.ok()) return db.LastError("updating inbound file");
        if (db.Changes() != 1) return NotFound("inbound file");
        return ReadInboundFile(db, id, false);
      },
      std::move(done));
}

Result<InboundFile> SqliteStore::ReadInboundFile(Db& db, const std::string& id, bool with_bytes) {
  auto s = db.Prepare(CLAIMGATE_INBOUND_COLUMNS "WHERE id = ?");
  s.Bind(1, id);
  if (!s.Step()) {
    if (!s.ok()) return db.LastError("reading inbound file");
    return NotFound("inbound file");
  }
  InboundFile f{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5),
                s.Text(6), s.Text(7), s.Int(8),  s.Int(9),  s.Int(10), {}};
  if (with_bytes) {
    auto bytes = keys().Open(s.Blob(11), Aad("inbound_files.bytes", f.id));
    if (!bytes) return bytes.error();
    f.bytes = std::move(*bytes);
  }
  return f;
}

Result<InboundFile> SqliteStore::GetInboundFile(const std::string& id, bool with_bytes) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  return ReadInboundFile(**reader, id, with_bytes);
}

Result<std::vector<std::string>> SqliteStore::TenantsOfInboundFile(const std::string& id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  // claim_events.source_ref is the inbound file's id for events a payer's file caused.
  auto s = (*reader)->Prepare(
      "SELECT tenant_id FROM status_records WHERE inbound_file_id = ?1 AND tenant_id <> '' "
      "UNION SELECT tenant_id FROM remittances WHERE inbound_file_id = ?1 "
      "UNION SELECT c.tenant_id FROM claim_events e JOIN claims c ON c.seq = e.claim_seq "
      "WHERE e.source_ref = ?1 ORDER BY 1");
  s.Bind(1, id);
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  if (!s.ok()) return (*reader)->LastError("listing the tenants of an inbound file");
  return out;
}

Result<std::vector<InboundFile>> SqliteStore::ListInboundFilesInState(const std::string& state,
                                                                      int limit) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(CLAIMGATE_INBOUND_COLUMNS "WHERE state = ? ORDER BY seq LIMIT ?");
  s.Bind(1, state).Bind(2, static_cast<int64_t>(ClampLimit(limit, 1000)));
  std::vector<InboundFile> out;
  while (s.Step()) {
    out.push_back(InboundFile{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5),
                              s.Text(6), s.Text(7), s.Int(8), s.Int(9), s.Int(10), {}});
  }
  if (!s.ok()) return (*reader)->LastError("listing inbound files by state");
  return out;
}

// ---- response matching and watchdog queries ----

Result<std::vector<Interchange>> SqliteStore::ListInterchangesUpToGs06(const std::string& payer_id,
                                                                       int64_t gs06, int limit) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(CLAIMGATE_INTERCHANGE_COLUMNS
                              "WHERE payer_id = ? AND gs06 <= ? ORDER BY gs06 DESC, seq DESC "
                              "LIMIT ?");
  s.Bind(1, payer_id).Bind(2, gs06).Bind(3, static_cast<int64_t>(ClampLimit(limit, 100)));
  std::vector<Interchange> out;
  while (s.Step()) out.push_back(InterchangeFromRow(s));
  if (!s.ok()) return (*reader)->LastError("listing interchanges by GS06");
  return out;
}

Result<int64_t> SqliteStore::FirstSentInterchangeMs(const std::string& payer_id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(
      "SELECT COALESCE(MIN(created_ms), 0) FROM interchanges WHERE payer_id = ? "
      "AND state NOT IN ('BUILT', 'SENDING', 'FAILED', 'DEAD_LETTER')");
  s.Bind(1, payer_id);
  if (!s.Step()) return (*reader)->LastError("reading first sent interchange");
  return s.Int(0);
}

Result<int64_t> SqliteStore::LastInboundFileMs(const std::string& payer_id,
                                               const std::string& kind) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(
      "SELECT COALESCE(MAX(received_ms), 0) FROM inbound_files WHERE payer_id = ? AND kind = ?");
  s.Bind(1, payer_id).Bind(2, kind);
  if (!s.Step()) return (*reader)->LastError("reading last inbound file");
  return s.Int(0);
}

}  // namespace claimgate::store
