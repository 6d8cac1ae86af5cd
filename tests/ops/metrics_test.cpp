#include "src/ops/metrics.hpp"

#include <gtest/gtest.h>

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
            "lat_seconds_bucket{route=\"/a\",le=\"0.10000000000000001\"} 2\n"
            "lat_seconds_bucket{route=\"/a\",le=\"1\"} 3\n"
            "lat_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4\n"
            "lat_seconds_sum{route=\"/a\"} 7.6500000000000004\n"
            "lat_seconds_count{route=\"/a\"} 4\n");
  EXPECT_EQ(h.Count({"/a"}), 4u);
}

TEST(Metrics, GaugeCallbackIsSampledAtRender) {
  Registry r;
  Gauge& g = r.AddGauge("claims", "Claims by state", {"state"});
  int queued = 3;
  g.SetCallback([&queued] { return std::vector<std::pair<Labels, double>>{{{"QUEUED"}, 1.0 * queued}}; });
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
