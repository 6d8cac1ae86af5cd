#include "src/ops/metrics.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace claimgate::ops {
namespace {

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// Prometheus float text: integers without a fraction, others in the shortest form that reads
// back to the same double ("0.1", not "0.10000000000000001"), +Inf/-Inf/NaN spelled its way.
std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) {
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
  }
  return std::string(buf, end);
}

void Escape(const std::string& in, bool quote_too, std::string* out) {
  for (char c : in) {
    if (c == '\\') {
      *out += "\\\\";
    } else if (c == '\n') {
      *out += "\\n";
    } else if (c == '"' && quote_too) {
      *out += "\\\"";
    } else {
      *out += c;
    }
  }
}

}  // namespace

std::string Family::LabelText(const Labels& values, const std::string& extra_name,
                              const std::string& extra_value) const {
  if (label_names_.empty() && extra_name.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < label_names_.size(); ++i) {
    if (i > 0) out += ',';
    out += label_names_[i];
    out += "=\"";
    Escape(values[i], true, &out);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!label_names_.empty()) out += ',';
    out += extra_name + "=\"" + extra_value + "\"";
  }
  out += '}';
  return out;
}

void Family::Header(std::string* out, const char* type) const {
  *out += "# HELP " + name_ + " ";
  Escape(help_, false, out);
  *out += "\n# TYPE " + name_ + " " + type + "\n";
}

void Family::CheckArity(const Labels& values) const {
  if (values.size() != label_names_.size()) {
    throw std::logic_error("metric " + name_ + ": wrong number of label values");
  }
}

void Counter::Inc(const Labels& labels, double by) {
  CheckArity(labels);
  if (by < 0) throw std::logic_error("metric " + name_ + ": a counter cannot go down");
  std::lock_guard lock(mu_);
  values_[labels] += by;
}

void Counter::SetTotal(const Labels& labels, double total) {
  CheckArity(labels);
  std::lock_guard lock(mu_);
  double& v = values_[labels];
  if (total > v) v = total;
}

double Counter::Value(const Labels& labels) const {
  std::lock_guard lock(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0.0 : it->second;
}

void Counter::Render(std::string* out) const {
  std::lock_guard lock(mu_);
  Header(out, "counter");
  for (const auto& [labels, v] : values_) {
    *out += name_ + LabelText(labels) + " " + FormatValue(v) + "\n";
  }
}

void Gauge::Set(const Labels& labels, double value) {
  CheckArity(labels);
  std::lock_guard lock(mu_);
  values_[labels] = value;
}

void Gauge::Add(const Labels& labels, double by) {
  CheckArity(labels);
  std::lock_guard lock(mu_);
  values_[labels] += by;
}

double Gauge::Value(const Labels& labels) const {
  std::lock_guard lock(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0.0 : it->second;
}

void Gauge::SetCallback(Sampler sampler) {
  std::lock_guard lock(mu_);
  sampler_ = std::move(sampler);
}

void Gauge::Render(std::string* out) const {
  Sampler sampler;
  std::map<Labels, double> values;
  {
    std::lock_guard lock(mu_);
    sampler = sampler_;
    values = values_;
  }
  if (sampler) {
    for (auto& [labels, v] : sampler()) {
      CheckArity(labels);
      values[labels] = v;
    }
  }
  Header(out, "gauge");
  for (const auto& [labels, v] : values) {
    *out += name_ + LabelText(labels) + " " + FormatValue(v) + "\n";
  }
}

Histogram::Histogram(std::string name, std::string help, std::vector<std::string> label_names,
                     std::vector<double> bounds)
    : Family(std::move(name), std::move(help), std::move(label_names)), bounds_(std::move(bounds)) {
  for (size_t i = 1; i < bounds_.size(); ++i) {
    if (!(bounds_[i - 1] < bounds_[i])) {
      throw std::logic_error("metric " + name_ + ": bucket bounds must increase");
    }
  }
}

void Histogram::Observe(const Labels& labels, double value) {
  CheckArity(labels);
  size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
  std::lock_guard lock(mu_);
  Series& s = series_[labels];
  if (s.buckets.empty()) s.buckets.assign(bounds_.size() + 1, 0);
  ++s.buckets[bucket];
  s.sum += value;
  ++s.count;
}

void Histogram::SetSnapshot(const Labels& labels, const std::vector<uint64_t>& bucket_counts,
                            double sum) {
  CheckArity(labels);
  if (bucket_counts.size() != bounds_.size() + 1) {
    throw std::logic_error("metric " + name_ + ": snapshot has the wrong number of buckets");
  }
  uint64_t count = 0;
  for (uint64_t n : bucket_counts) count += n;
  std::lock_guard lock(mu_);
  Series& s = series_[labels];
  s.buckets = bucket_counts;
  s.sum = sum;
  s.count = count;
}

uint64_t Histogram::Count(const Labels& labels) const {
  std::lock_guard lock(mu_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.count;
}

void Histogram::Render(std::string* out) const {
  std::lock_guard lock(mu_);
  Header(out, "histogram");
  for (const auto& [labels, s] : series_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += s.buckets[i];
      const std::string le = i < bounds_.size() ? FormatValue(bounds_[i]) : "+Inf";
      *out +=
          name_ + "_bucket" + LabelText(labels, "le", le) + " " + std::to_string(cumulative) + "\n";
    }
    *out += name_ + "_sum" + LabelText(labels) + " " + FormatValue(s.sum) + "\n";
    *out += name_ + "_count" + LabelText(labels) + " " + std::to_string(s.count) + "\n";
  }
}

std::vector<double> LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Gauge::Sampler CachedSampler(Gauge::Sampler inner, std::chrono::milliseconds ttl) {
  struct Cache {
    std::mutex mu;
    std::chrono::steady_clock::time_point taken;
    bool valid = false;
    std::vector<std::pair<Labels, double>> values;
  };
  auto cache = std::make_shared<Cache>();
  return [cache, inner = std::move(inner), ttl] {
    std::lock_guard lock(cache->mu);
    const auto now = std::chrono::steady_clock::now();
    if (!cache->valid || now - cache->taken >= ttl) {
      cache->values = inner();
      cache->taken = now;
      cache->valid = true;
    }
    return cache->values;
  };
}

template <typename T, typename... Args>
T& Registry::Add(const std::string& name, const std::string& help,
                 std::vector<std::string> label_names, Args&&... args) {
  if (!ValidName(name)) throw std::logic_error("bad metric name: " + name);
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it != families_.end()) {
    auto* existing = dynamic_cast<T*>(it->second.get());
    if (existing == nullptr) {
      throw std::logic_error("metric " + name + " already registered with another type");
    }
    if (existing->label_names() != label_names) {
      throw std::logic_error("metric " + name + " already registered with other label names");
    }
    return *existing;
  }
  auto family =
      std::make_unique<T>(name, help, std::move(label_names), std::forward<Args>(args)...);
  T& ref = *family;
  families_.emplace(name, std::move(family));
  return ref;
}

Counter& Registry::AddCounter(const std::string& name, const std::string& help,
                              std::vector<std::string> label_names) {
  return Add<Counter>(name, help, std::move(label_names));
}

Gauge& Registry::AddGauge(const std::string& name, const std::string& help,
                          std::vector<std::string> label_names) {
  return Add<Gauge>(name, help, std::move(label_names));
}

Histogram& Registry::AddHistogram(const std::string& name, const std::string& help,
                                  std::vector<std::string> label_names,
                                  std::vector<double> bounds) {
  return Add<Histogram>(name, help, std::move(label_names), std::move(bounds));
}

void Registry::AddCollector(std::function<void()> collect) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::Render() const {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard lock(mu_);
    collectors = collectors_;
  }
  for (const auto& collect : collectors) collect();
  std::vector<const Family*> families;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, f] : families_) families.push_back(f.get());
  }
  std::string out;
  for (const Family* f : families) f->Render(&out);
  return out;
}

}  // namespace claimgate::ops
