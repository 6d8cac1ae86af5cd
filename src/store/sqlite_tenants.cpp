// SqliteStore: tenants, API keys and the audit log.
#include "src/store/sqlite_internal.hpp"

namespace claimgate::store {
namespace {

constexpr const char* kKeyColumns =
    "SELECT id, tenant_id, role, prefix, label, created_ms, revoked_ms FROM api_keys ";

ApiKey KeyFromRow(const Stmt& s) {
  ApiKey k;
  k.id = s.Text(0);
  k.tenant_id = s.Text(1);
  k.role = ParseRole(s.Text(2)).value_or(Role::kSubmitter);
  k.prefix = s.Text(3);
  k.label = s.Text(4);
  k.created_ms = s.Int(5);
  if (!s.IsNull(6)) k.revoked_ms = s.Int(6);
  return k;
}

Result<ApiKey> ReadKey(Db& db, const std::string& key_id) {
  static const std::string sql = std::string(kKeyColumns) + "WHERE id = ?";
  auto s = db.Prepare(sql.c_str());
  s.Bind(1, key_id);
  if (s.Step()) return KeyFromRow(s);
  if (!s.ok()) return db.LastError("reading key");
  return NotFound("API key");
}

}  // namespace

void SqliteStore::CreateTenant(std::string name, Done<Tenant> done) {
  Tenant t{NewId("ten"), std::move(name), NowMs()};
  if (t.name.empty() || t.name.size() > 200) {
    done(Error{"invalid", "a tenant name must be 1 to 200 characters"});
    return;
  }
  Submit<Tenant>(
      [t](Db& db) -> Result<Tenant> {
        auto s = db.Prepare("INSERT INTO tenants(id, name, created_ms) VALUES (?, ?, ?)");
        s.Bind(1, t.id).Bind(2, t.name).Bind(3, t.created_ms);
        s.Step();
        if (!s.ok()) return db.LastError("creating tenant");
        return t;
      },
      std::move(done));
}

Result<std::vector<Tenant>> SqliteStore::ListTenants() {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(
      "SELECT id, name, created_ms FROM tenants WHERE id <> 'platform' ORDER BY seq");
  std::vector<Tenant> out;
  while (s.Step()) out.push_back(Tenant{s.Text(0), s.Text(1), s.Int(2)});
  if (!s.ok()) return (*reader)->LastError("listing tenants");
  return out;
}

Result<Tenant> SqliteStore::GetTenant(const std::string& tenant_id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare("SELECT id, name, created_ms FROM tenants WHERE id = ?");
  s.Bind(1, tenant_id);
  if (s.Step()) return Tenant{s.Text(0), s.Text(1), s.Int(2)};
  if (!s.ok()) return (*reader)->LastError("reading tenant");
  return NotFound("tenant");
}

void SqliteStore::CreateApiKey(std::string tenant_id, Role role, GeneratedKey key,
                               std::string label, Done<ApiKey> done) {
  if ((tenant_id == kPlatformTenantId) != IsPlatformRole(role)) {
    done(Error{"invalid", "platform roles belong to the platform, and tenant roles to a tenant"});
    return;
  }
  ApiKey k;
  k.id = NewId("key");
  k.tenant_id = std::move(tenant_id);
  k.role = role;
  k.prefix = key.prefix;
  k.label = std::move(label);
  k.created_ms = NowMs();
  Submit<ApiKey>(
      [k, hash = std::move(key.hash_hex)](Db& db) -> Result<ApiKey> {
        auto t = db.Prepare("SELECT 1 FROM tenants WHERE id = ?");
        t.Bind(1, k.tenant_id);
        if (!t.Step()) return NotFound("tenant");
        auto s = db.Prepare(
            "INSERT INTO api_keys(id, tenant_id, role, hash_hex, prefix, label, created_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)");
        s.Bind(1, k.id).Bind(2, k.tenant_id).Bind(3, RoleName(k.role)).Bind(4, hash);
        s.Bind(5, k.prefix).Bind(6, k.label).Bind(7, k.created_ms);
        s.Step();
        if (!s.ok()) return db.LastError("creating key");
        return k;
      },
      std::move(done));
}

void SqliteStore::RevokeApiKey(std::string key_id, Done<ApiKey> done) {
  Submit<ApiKey>(
      [key_id, now = NowMs()](Db& db) -> Result<ApiKey> {
        auto s =
            db.Prepare("UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL");
        s.Bind(1, now).Bind(2, key_id);
        s.Step();
        if (!s.ok()) return db.LastError("revoking key");
        return ReadKey(db, key_id);
      },
      std::move(done));
}

Result<ApiKey> SqliteStore::FindActiveApiKey(const std::string& hash_hex) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  static const std::string sql =
      std::string(kKeyColumns) + "WHERE hash_hex = ? AND revoked_ms IS NULL";
  auto s = (*reader)->Prepare(sql.c_str());
  s.Bind(1, hash_hex);
  if (s.Step()) return KeyFromRow(s);
  if (!s.ok()) return (*reader)->LastError("reading key");
  return NotFound("API key");
}

Result<std::vector<ApiKey>> SqliteStore::ListApiKeys(const std::string& tenant_id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  static const std::string sql = std::string(kKeyColumns) + "WHERE tenant_id = ? ORDER BY rowid";
  auto s = (*reader)->Prepare(sql.c_str());
  s.Bind(1, tenant_id);
  std::vector<ApiKey> out;
  while (s.Step()) out.push_back(KeyFromRow(s));
  if (!s.ok()) return (*reader)->LastError("listing keys");
  return out;
}

Result<void> InsertAuditRow(Db& db, const AuditEntry& e) {
  auto s = db.Prepare(
      "INSERT INTO audit_log(at_ms, tenant_id, actor, action, object_id, remote, outcome, "
      "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, e.at_ms).Bind(2, e.tenant_id).Bind(3, e.actor).Bind(4, e.action);
  s.Bind(5, e.object_id).Bind(6, e.remote).Bind(7, e.outcome).Bind(8, e.detail);
  s.Step();
  if (!s.ok()) return db.LastError("appending audit entry");
  return {};
}

void SqliteStore::AppendAudit(AuditEntry entry, Done<void> done) {
  if (entry.at_ms == 0) entry.at_ms = NowMs();
  Submit<void>([e = std::move(entry)](Db& db) { return InsertAuditRow(db, e); }, std::move(done));
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(const AuditFilter& filter) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(
      "SELECT at_ms, tenant_id, actor, action, object_id, remote, outcome, detail FROM audit_log "
      "WHERE (?1 = '' OR tenant_id = ?1) AND at_ms >= ?2 ORDER BY seq LIMIT ?3");
  s.Bind(1, filter.tenant_id).Bind(2, filter.since_ms);
  s.Bind(3, static_cast<int64_t>(ClampLimit(filter.limit, 10000)));
  std::vector<AuditEntry> out;
  while (s.Step()) {
    out.push_back(AuditEntry{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5),
                             s.Text(6), s.Text(7)});
  }
  if (!s.ok()) return (*reader)->LastError("listing audit log");
  return out;
}

}  // namespace claimgate::store
