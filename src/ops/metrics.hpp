// A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
// exposition format (version 0.0.4) for GET /metrics. The registry owns its families; a family
// reference stays valid as long as the registry. Every method is thread-safe (one mutex per
// family; Render takes them one at a time). Values kept elsewhere (store statistics) are copied in
// at scrape time by collectors (Registry::AddCollector) or gauge callbacks.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace claimgate::ops {

using Labels = std::vector<std::string>;  // label values, in the order of the family's names

// A metric name with label names, and one series per distinct list of label values.
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  const std::string& name() const { return name_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  virtual void Render(std::string* out) const = 0;

 protected:
  // `{a="x",b="y"}` (empty when there are no labels), values escaped. `extra` is appended as
  // one more label (used for the histogram's `le`).
  std::string LabelText(const Labels& values, const std::string& extra_name = "",
                        const std::string& extra_value = "") const;
  void Header(std::string* out, const char* type) const;
  // REQUIRES: values.size() == number of label names (checked; a mismatch throws, it is a bug).
  void CheckArity(const Labels& values) const;

  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
};

// Monotonic counter.
class Counter : public Family {
 public:
  using Family::Family;
  void Inc(const Labels& labels = {}, double by = 1.0);
  // For a counter that mirrors a monotonic total kept elsewhere (copied by a collector): sets
  // the series to `total`, or leaves it when `total` is lower (a counter never goes down).
  void SetTotal(const Labels& labels, double total);
  double Value(const Labels& labels = {}) const;
  void Render(std::string* out) const override;

 private:
  std::map<Labels, double> values_;
};

// A value that goes up and down; or computed at scrape time by a callback (SetCallback).
class Gauge : public Family {
 public:
  using Family::Family;
  using Sampler = std::function<std::vector<std::pair<Labels, double>>()>;
  void Set(const Labels& labels, double value);
  void Add(const Labels& labels, double by);
  double Value(const Labels& labels = {}) const;
  // The callback runs inside Render (on the /metrics request's thread); it must not call back
  // into this gauge. Series it returns replace the stored ones in the output.
  void SetCallback(Sampler sampler);
  void Render(std::string* out) const override;

 private:
  std::map<Labels, double> values_;
  Sampler sampler_;
};

// Cumulative histogram with fixed upper bounds (`le`), plus _sum and _count.
class Histogram : public Family {
 public:
  Histogram(std::string name, std::string help, std::vector<std::string> label_names,
            std::vector<double> bounds);
  void Observe(const Labels& labels, double value);
  // For a histogram kept elsewhere (copied by a collector): replaces the series with
  // `bucket_counts` (NOT cumulative; one per bound plus the last for +Inf) and `sum`.
  // REQUIRES: bucket_counts.size() == bounds().size() + 1 (checked; throws std::logic_error).
  void SetSnapshot(const Labels& labels, const std::vector<uint64_t>& bucket_counts, double sum);
  uint64_t Count(const Labels& labels = {}) const;
  const std::vector<double>& bounds() const { return bounds_; }
  void Render(std::string* out) const override;

 private:
  struct Series {
    std::vector<uint64_t> buckets;  // non-cumulative; one per bound plus +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  std::vector<double> bounds_;
  std::map<Labels, Series> series_;
};

// Latency buckets in seconds, from 1 ms to 10 s.
std::vector<double> LatencyBuckets();

// A sampler that calls `inner` at most once per `ttl` and answers from its last result in
// between, so that an expensive gauge (a COUNT over a table) keeps scrapes cheap. Thread-safe:
// concurrent scrapes wait for one call of `inner`.
Gauge::Sampler CachedSampler(Gauge::Sampler inner, std::chrono::milliseconds ttl);

class Registry {
 public:
  // Adding a name twice returns the existing family when its kind and label names match (so
  // modules can ask for a metric without coordinating), and throws std::logic_error when not.
  Counter& AddCounter(const std::string& name, const std::string& help,
                      std::vector<std::string> label_names = {});
  Gauge& AddGauge(const std::string& name, const std::string& help,
                  std::vector<std::string> label_names = {});
  Histogram& AddHistogram(const std::string& name, const std::string& help,
                          std::vector<std::string> label_names,
                          std::vector<double> bounds = LatencyBuckets());

  // `collect` runs at the start of every Render(), before any family is rendered, to copy values
  // kept elsewhere into families (Counter::SetTotal, Gauge::Set, Histogram::SetSnapshot). It
  // runs on the scraping thread and must not call Render(). Collectors run in the order added.
  void AddCollector(std::function<void()> collect);

  // The whole registry in the text exposition format, families in name order.
  std::string Render() const;

 private:
  template <typename T, typename... Args>
  T& Add(const std::string& name, const std::string& help, std::vector<std::string> label_names,
         Args&&... args);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_;
  std::vector<std::function<void()>> collectors_;  // guarded by mu_
};

// The content type of Render()'s output.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace claimgate::ops
