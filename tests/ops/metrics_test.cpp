#include "src/ops/metrics.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace claimgate::ops {
namespace {

TEST(Metrics, CounterRendersHelpTypeAndLabelledSeries) {
  Registry r;
  Counter& c = r.AddCounter("claimgate_test_total", "Things counted", {"route", "status"});
  c.Inc({"/v1/claims", "201"});
  c.Inc({"/v1/claims", "201"}, 2);
  c.Inc({"/healthz", "200"});
  EXPECT_EQ(r.Render(),
            "# HELP claimgate_test_total Things counted\n"
            "# TYPE claimgate_test_total counter\n"
            "claimgate_test_total{route=\"/healthz\",status=\"200\"} 1\n"
            "claimgate_test_total{route=\"/v1/claims\",status=\"201\"} 3\n");
}

TEST(Metrics, LabelValuesAndHelpAreEscaped) {
  Registry r;
  Gauge& g = r.AddGauge("g", "line\\one\ntwo", {"l"});
  g.Set({"a\"b\\c\nd"}, 1.5);
  EXPECT_EQ(r.Render(),
            "# HELP g line\\\\one\\ntwo\n# TYPE g gauge\ng{l=\"a\\\"b\\\\c\\nd\"} 1.5\n");
}

TEST(Metrics, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry r;
  Histogram& h = r.AddHistogram("lat_seconds", "Latency", {"route"}, {0.1, 1});
  h.Observe({"/a"}, 0.05);
  h.Observe({"/a"}, 0.1);  // on the bound: counted in le="0.1"
  h.Observe({"/a"}, 0.5);
  h.Observe({"/a"}, 7);
  EXPECT_EQ(r.Render(),
            "# HELP lat_seconds Latency\n# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{route=\"/a\",le=\"0.1\"} 2\n"
            "lat_seconds_bucket{route=\"/a\",le=\"1\"} 3\n"
            "lat_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4\n"
            "lat_seconds_sum{route=\"/a\"} 7.65\n"
            "lat_seconds_count{route=\"/a\"} 4\n");
  EXPECT_EQ(h.Count({"/a"}), 4u);
}

TEST(Metrics, GaugeCallbackIsSampledAtRender) {
  Registry r;
  Gauge& g = r.AddGauge("claims", "Claims by state", {"state"});
  int queued = 3;
  g.SetCallback([&queued] {
    return std::vector<std::pair<Labels, double>>{{{"QUEUED"}, 1.0 * queued}};
  });
  EXPECT_NE(r.Render().find("claims{state=\"QUEUED\"} 3\n"), std::string::npos);
  queued = 5;
  EXPECT_NE(r.Render().find("claims{state=\"QUEUED\"} 5\n"), std::string::npos);
}

TEST(Metrics, AddingTheSameNameTwiceReturnsTheSameFamilyOrFailsOnAnotherType) {
  Registry r;
  Counter& a = r.AddCounter("x_total", "x", {"k"});
  Counter& b = r.AddCounter("x_total", "x", {"k"});
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(r.AddGauge("x_total", "x"), std::logic_error);
  EXPECT_THROW(r.AddCounter("bad name", "x"), std::logic_error);
  EXPECT_THROW(a.Inc({}), std::logic_error);  // wrong number of label values
  EXPECT_THROW(a.Inc({"v"}, -1), std::logic_error);
}

TEST(Metrics, SameNameWithOtherLabelNamesIsRefused) {
  Registry r;
  r.AddCounter("files_total", "f", {"kind", "state"});
  EXPECT_THROW(r.AddCounter("files_total", "f", {"kind"}), std::logic_error);
  EXPECT_NO_THROW(r.AddCounter("files_total", "f", {"kind", "state"}));
}

TEST(Metrics, SetTotalMirrorsAnExternalTotalButNeverGoesDown) {
  Registry r;
  Counter& c = r.AddCounter("commits_total", "c");
  c.SetTotal({}, 10);
  EXPECT_EQ(c.Value(), 10);
  c.SetTotal({}, 4);
  EXPECT_EQ(c.Value(), 10);
  c.SetTotal({}, 12.5);
  EXPECT_EQ(r.Render(),
            "# HELP commits_total c\n# TYPE commits_total counter\ncommits_total 12.5\n");
}

TEST(Metrics, HistogramSnapshotReplacesTheSeriesAndChecksItsShape) {
  Registry r;
  Histogram& h = r.AddHistogram("commit_seconds", "Commit", {}, {0.001, 0.01});
  h.Observe({}, 5);  // replaced by the snapshot below
  h.SetSnapshot({}, {3, 0, 2}, 0.75);
  EXPECT_EQ(r.Render(),
            "# HELP commit_seconds Commit\n# TYPE commit_seconds histogram\n"
            "commit_seconds_bucket{le=\"0.001\"} 3\n"
            "commit_seconds_bucket{le=\"0.01\"} 3\n"
            "commit_seconds_bucket{le=\"+Inf\"} 5\n"
            "commit_seconds_sum 0.75\n"
            "commit_seconds_count 5\n");
  EXPECT_EQ(h.Count(), 5u);
  EXPECT_THROW(h.SetSnapshot({}, {1, 2}, 0), std::logic_error);
}

TEST(Metrics, CollectorsRunBeforeEveryRender) {
  Registry r;
  Gauge& g = r.AddGauge("pending", "p");
  int source = 1;
  int runs = 0;
  r.AddCollector([&] {
    ++runs;
    g.Set({}, source);
  });
  EXPECT_NE(r.Render().find("pending 1\n"), std::string::npos);
  source = 7;
  EXPECT_NE(r.Render().find("pending 7\n"), std::string::npos);
  EXPECT_EQ(runs, 2);
}

TEST(Metrics, CachedSamplerCallsTheInnerSamplerOncePerTtl) {
  int calls = 0;
  Gauge::Sampler cached = CachedSampler(
      [&calls] {
        ++calls;
        return std::vector<std::pair<Labels, double>>{{{"QUEUED"}, 1.0 * calls}};
      },
      std::chrono::milliseconds(100));
  EXPECT_EQ(cached()[0].second, 1);
  EXPECT_EQ(cached()[0].second, 1);  // cached
  EXPECT_EQ(calls, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  EXPECT_EQ(cached()[0].second, 2);
  EXPECT_EQ(calls, 2);
}

TEST(Metrics, ConcurrentIncrementsAreAllCounted) {
  Registry r;
  Counter& c = r.AddCounter("n_total", "n", {"t"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c] {
      for (int i = 0; i < 10000; ++i) c.Inc({"same"});
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value({"same"}), 40000);
}

}  // namespace
}  // namespace claimgate::ops
