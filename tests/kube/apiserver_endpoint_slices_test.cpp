// Pins down the ApiServer fixture's discovery.k8s.io/v1 EndpointSlices, over real HTTPS, as the
// apiserver answers them (support/apiserver/endpoint_slice_store.h and endpoint_slice_validation.h
// name the Kubernetes sources of each rule).

#include <gtest/gtest.h>
#include <httplib.h>

#include <stdexcept>
#include <string>

#include "apiserver_requests.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/apiserver/endpoint_slice_store.h"
#include "support/apiserver/object_history.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

constexpr const char* kSlices = "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices";

std::string slicePath(const std::string& name) { return std::string(kSlices) + "/" + name; }

json aSlice(const std::string& name = "db-lecter") {
  return {{"apiVersion", "discovery.k8s.io/v1"},
          {"kind", "EndpointSlice"},
          {"metadata",
           {{"name", name},
            {"labels",
             {{"kubernetes.io/service-name", "db"}, {"endpointslice.kubernetes.io/managed-by", "lecter"}}},
            {"ownerReferences",
             json::array({{{"apiVersion", "v1"}, {"kind", "Service"}, {"name", "db"}, {"uid", "5e0-1"}}})}}},
          {"addressType", "IPv4"},
          {"endpoints", json::array({{{"addresses", {"198.18.0.10"}}, {"conditions", {{"ready", true}}}},
                                     {{"addresses", {"198.18.0.11"}}, {"conditions", {{"ready", false}}}}})},
          {"ports", json::array({{{"name", "pg"}, {"port", 5432}}})}};
}

/// aSlice() as another writer changed it (a new label, so a new resourceVersion).
json labelledByAnotherWriter() {
  json slice = aSlice();
  slice["metadata"]["labels"]["team"] = "storage";
  return slice;
}

json endpointsWithAddresses(std::size_t count) {
  json endpoints = json::array();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string address = "198.18." + std::to_string(i / 250) + "." + std::to_string(1 + i % 250);
    endpoints.push_back({{"addresses", {address}}, {"conditions", {{"ready", true}}}});
  }
  return endpoints;
}

class ApiServerEndpointSlicesTest : public ::testing::Test {
 protected:
  /// Creates `slice` through the API and returns what the server stored.
  json create(const json& slice) {
    const Answer answer = send(api_, "POST", kSlices, slice.dump());
    EXPECT_EQ(answer.status, 201) << answer.body.dump();
    return answer.body;
  }

  /// The 422 answer to a POST of `slice`.
  Answer refused(const json& slice) {
    const Answer answer = send(api_, "POST", kSlices, slice.dump());
    EXPECT_EQ(answer.status, 422) << answer.body.dump();
    EXPECT_EQ(answer.body.value("reason", ""), "Invalid");
    EXPECT_FALSE(api_.endpointSlice("prod", slice["metadata"].value("name", "")).has_value());
    return answer;
  }

  ApiServerFixture api_{ApiServerOptions{.tls = true, .tokens = {"test-token"}, .read_only_tokens = {"ro"}}};
};

TEST_F(ApiServerEndpointSlicesTest, ACreatedSliceIsStoredWithSystemFieldsDefaultsAndWhatTheClientGave) {
  const json stored = create(aSlice());
  EXPECT_EQ(stored["kind"], "EndpointSlice");
  EXPECT_EQ(stored["apiVersion"], "discovery.k8s.io/v1");
  EXPECT_EQ(stored["metadata"]["namespace"], "prod");
  EXPECT_FALSE(stored["metadata"].value("uid", "").empty());
  EXPECT_FALSE(stored["metadata"].value("creationTimestamp", "").empty());
  EXPECT_FALSE(stored["metadata"].value("resourceVersion", "").empty());
  EXPECT_EQ(stored["metadata"]["generation"], 1);
  EXPECT_EQ(stored["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"], "lecter");
  EXPECT_EQ(stored["metadata"]["ownerReferences"][0]["name"], "db");
  EXPECT_EQ(stored["ports"][0]["protocol"], "TCP");  // defaulted
  EXPECT_EQ(stored["endpoints"][1]["conditions"]["ready"], false);

  const Answer read = send(api_, "GET", slicePath("db-lecter"));
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, stored);
  EXPECT_EQ(api_.endpointSlice("prod", "db-lecter"), stored);
}

TEST_F(ApiServerEndpointSlicesTest, EmptyListsAreReturnedAsNullAndConditionsAlwaysPresent) {
  json slice = aSlice();
  slice["endpoints"] = json::array({{{"addresses", {"198.18.0.10"}}}});
  slice.erase("ports");
  const json stored = create(slice);
  EXPECT_TRUE(stored["ports"].is_null());
  EXPECT_EQ(stored["endpoints"][0]["conditions"], json::object());

  slice["metadata"]["name"] = "empty";
  slice["endpoints"] = json::array();
  EXPECT_TRUE(create(slice)["endpoints"].is_null());
}

TEST_F(ApiServerEndpointSlicesTest, SliceAnswersCarryNoEndpointsDeprecationWarning) {
  const Answer answer = send(api_, "POST", kSlices, aSlice().dump());
  ASSERT_TRUE(answer.answered);
  EXPECT_FALSE(answer.warned);
}

TEST_F(ApiServerEndpointSlicesTest, AGenerateNameGetsFiveRandomCharacters) {
  json slice = aSlice();
  slice["metadata"].erase("name");
  slice["metadata"]["generateName"] = "db-";
  const json stored = create(slice);
  const std::string name = stored["metadata"]["name"];
  ASSERT_EQ(name.size(), 8U) << name;
  EXPECT_EQ(name.substr(0, 3), "db-");
  EXPECT_EQ(name.substr(3).find_first_not_of("bcdfghjklmnpqrstvwxz2456789"), std::string::npos) << name;
  EXPECT_TRUE(api_.endpointSlice("prod", name).has_value());
}

TEST_F(ApiServerEndpointSlicesTest, CreatingATakenNameIsA409AlreadyExists) {
  create(aSlice());
  const Answer answer = send(api_, "POST", kSlices, aSlice().dump());
  EXPECT_EQ(answer.status, 409);
  EXPECT_EQ(answer.body["reason"], "AlreadyExists");
  EXPECT_EQ(answer.body["message"], "endpointslices.discovery.k8s.io \"db-lecter\" already exists");
  EXPECT_EQ(answer.body["details"]["group"], "discovery.k8s.io");
}

TEST_F(ApiServerEndpointSlicesTest, CreatingWithAResourceVersionIsRefused) {
  json slice = aSlice();
  slice["metadata"]["resourceVersion"] = "1234";
  const Answer answer = send(api_, "POST", kSlices, slice.dump());
  EXPECT_EQ(answer.status, 500);
  EXPECT_EQ(answer.body["message"], "resourceVersion should not be set on objects to be created");
  EXPECT_FALSE(api_.endpointSlice("prod", "db-lecter").has_value());
}

TEST_F(ApiServerEndpointSlicesTest, ABodyNamespaceOtherThanTheUrlsIsABadRequest) {
  json slice = aSlice();
  slice["metadata"]["namespace"] = "other";
  const Answer answer = send(api_, "POST", kSlices, slice.dump());
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.body["message"],
            "the namespace of the provided object does not match the namespace sent on the request");
  EXPECT_TRUE(api_.endpointSlices("prod").empty());
  EXPECT_TRUE(api_.endpointSlices("other").empty());
}

TEST_F(ApiServerEndpointSlicesTest, AFieldOfTheWrongTypeIsABadRequest) {
  json slice = aSlice();
  slice["ports"][0]["port"] = "5432";
  const Answer answer = send(api_, "POST", kSlices, slice.dump());
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.value("message", "").find("EndpointPort.ports.port of type int32"), std::string::npos)
      << answer.body.dump();
}

TEST_F(ApiServerEndpointSlicesTest, AMissingSliceIsA404NotFoundStatus) {
  const Answer answer = send(api_, "GET", slicePath("nope"));
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.body["kind"], "Status");
  EXPECT_EQ(answer.body["reason"], "NotFound");
  EXPECT_EQ(answer.body["message"], "endpointslices.discovery.k8s.io \"nope\" not found");
}

TEST_F(ApiServerEndpointSlicesTest, AnUpdateWithTheCurrentResourceVersionIsStoredAndBumpsTheGeneration) {
  json slice = create(aSlice());
  slice["endpoints"][1]["conditions"]["ready"] = true;
  const Answer answer = send(api_, "PUT", slicePath("db-lecter"), slice.dump());
  ASSERT_EQ(answer.status, 200) << answer.body.dump();
  EXPECT_EQ(answer.body["metadata"]["uid"], slice["metadata"]["uid"]);
  EXPECT_NE(answer.body["metadata"]["resourceVersion"], slice["metadata"]["resourceVersion"]);
  EXPECT_EQ(answer.body["metadata"]["generation"], 2);
  EXPECT_EQ(api_.sliceEndpoints("prod", "db"),
            (std::map<std::string, bool>{{"198.18.0.10", true}, {"198.18.0.11", true}}));
}

TEST_F(ApiServerEndpointSlicesTest, AnUpdateWithAStaleResourceVersionIsA409Conflict) {
  json slice = create(aSlice());
  api_.putEndpointSlice("prod", "db-lecter", labelledByAnotherWriter());
  const json before = *api_.endpointSlice("prod", "db-lecter");
  slice["endpoints"] = endpointsWithAddresses(1);
  const Answer answer = send(api_, "PUT", slicePath("db-lecter"), slice.dump());
  EXPECT_EQ(answer.status, 409);
  EXPECT_EQ(answer.body["reason"], "Conflict");
  EXPECT_EQ(
      answer.body["message"],
      "Operation cannot be fulfilled on endpointslices.discovery.k8s.io \"db-lecter\": the object has been "
      "modified; please apply your changes to the latest version and try again");
  EXPECT_EQ(api_.endpointSlice("prod", "db-lecter"), before);
}

TEST_F(ApiServerEndpointSlicesTest, AnUpdateWithoutResourceVersionIsUnconditional) {
  create(aSlice());
  api_.putEndpointSlice("prod", "db-lecter", labelledByAnotherWriter());
  json slice = aSlice();
  slice["endpoints"] = endpointsWithAddresses(1);
  const Answer answer = send(api_, "PUT", slicePath("db-lecter"), slice.dump());
  EXPECT_EQ(answer.status, 200) << answer.body.dump();
  EXPECT_EQ(api_.sliceEndpoints("prod", "db"), (std::map<std::string, bool>{{"198.18.0.1", true}}));
}

TEST_F(ApiServerEndpointSlicesTest, APutOfAMissingSliceIsA404AndCreatesNothing) {
  const Answer answer = send(api_, "PUT", slicePath("db-lecter"), aSlice().dump());
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.body["reason"], "NotFound");
  EXPECT_FALSE(api_.endpointSlice("prod", "db-lecter").has_value());
}

TEST_F(ApiServerEndpointSlicesTest, AnUpdateThatChangesNothingKeepsTheResourceVersion) {
  const json stored = create(aSlice());
  const Answer answer = send(api_, "PUT", slicePath("db-lecter"), stored.dump());
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body["metadata"]["resourceVersion"], stored["metadata"]["resourceVersion"]);
  EXPECT_EQ(answer.body["metadata"]["generation"], 1);
}

TEST_F(ApiServerEndpointSlicesTest, ALabelChangeBumpsTheGenerationAnAnnotationDoesNot) {
  json slice = create(aSlice());
  slice["metadata"]["annotations"] = {{"note", "x"}};
  slice = send(api_, "PUT", slicePath("db-lecter"), slice.dump()).body;
  EXPECT_EQ(slice["metadata"]["generation"], 1);
  slice["metadata"]["labels"]["team"] = "db";
  EXPECT_EQ(send(api_, "PUT", slicePath("db-lecter"), slice.dump()).body["metadata"]["generation"], 2);
}

TEST_F(ApiServerEndpointSlicesTest, TheAddressTypeCannotChange) {
  json slice = create(aSlice());
  slice["addressType"] = "IPv6";
  slice["endpoints"] = json::array({{{"addresses", {"2001:2::10"}}}});
  const Answer answer = send(api_, "PUT", slicePath("db-lecter"), slice.dump());
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(
      answer.body["message"],
      "EndpointSlice.discovery.k8s.io \"db-lecter\" is invalid: addressType: Invalid value: \"IPv6\": field "
      "is immutable");
  EXPECT_EQ(api_.endpointSlice("prod", "db-lecter")->at("addressType"), "IPv4");
}

TEST_F(ApiServerEndpointSlicesTest, DeleteAnswersASuccessStatusAndTheSliceIsGone) {
  const json stored = create(aSlice());
  const Answer answer = send(api_, "DELETE", slicePath("db-lecter"));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body["kind"], "Status");
  EXPECT_EQ(answer.body["status"], "Success");
  EXPECT_EQ(answer.body["details"]["name"], "db-lecter");
  EXPECT_EQ(answer.body["details"]["kind"], "endpointslices");
  EXPECT_EQ(answer.body["details"]["uid"], stored["metadata"]["uid"]);
  EXPECT_FALSE(api_.endpointSlice("prod", "db-lecter").has_value());
  EXPECT_EQ(send(api_, "DELETE", slicePath("db-lecter")).status, 404);
}

TEST_F(ApiServerEndpointSlicesTest, MoreThan1000EndpointsIsInvalidWithTheServersMessage) {
  json slice = aSlice();
  slice["endpoints"] = endpointsWithAddresses(1000);
  create(slice);
  slice["metadata"]["name"] = "too-big";
  slice["endpoints"] = endpointsWithAddresses(1001);
  const Answer answer = refused(slice);
  EXPECT_EQ(
      answer.body["message"],
      "EndpointSlice.discovery.k8s.io \"too-big\" is invalid: endpoints: Too many: 1001: must have at most "
      "1000 items");
  EXPECT_EQ(answer.body["details"]["kind"], "EndpointSlice");
  EXPECT_EQ(answer.body["details"]["group"], "discovery.k8s.io");
  EXPECT_EQ(
      answer.body["details"]["causes"],
      json::parse(R"([{"reason":"FieldValueTooMany","message":"Too many: 1001: must have at most 1000 items",
                             "field":"endpoints"}])"));
}

TEST_F(ApiServerEndpointSlicesTest, ALoopbackAddressIsInvalid) {
  json slice = aSlice();
  slice["endpoints"][1]["addresses"] = {"127.0.0.1"};
  const Answer answer = refused(slice);
  EXPECT_EQ(
      answer.body["message"],
      "EndpointSlice.discovery.k8s.io \"db-lecter\" is invalid: endpoints[1].addresses[0]: Invalid value: "
      "\"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)");
}

TEST_F(ApiServerEndpointSlicesTest, LinkLocalAndUnspecifiedAddressesAreInvalid) {
  json slice = aSlice();
  slice["endpoints"] = json::array({{{"addresses", {"169.254.169.254"}}}, {{"addresses", {"0.0.0.0"}}}});
  const json causes = refused(slice).body["details"]["causes"];
  ASSERT_EQ(causes.size(), 2U) << causes.dump();
  EXPECT_EQ(
      causes[0]["message"],
      "Invalid value: \"169.254.169.254\": may not be in the link-local range (169.254.0.0/16, fe80::/10)");
  EXPECT_EQ(causes[1]["message"], "Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)");
}

TEST_F(ApiServerEndpointSlicesTest, AnAddressOfTheOtherFamilyIsInvalid) {
  json slice = aSlice();
  slice["endpoints"][0]["addresses"] = {"2001:2::10"};
  EXPECT_EQ(refused(slice).body["details"]["causes"][0]["message"],
            "Invalid value: \"2001:2::10\": must be a valid IPv4 address");

  slice["addressType"] = "IPv6";
  slice["endpoints"] = json::array({{{"addresses", {"198.18.0.10"}}}});
  EXPECT_EQ(refused(slice).body["details"]["causes"][0]["message"],
            "Invalid value: \"198.18.0.10\": must be a valid IPv6 address");

  slice["endpoints"] = json::array({{{"addresses", {"2001:2::10"}}}});
  EXPECT_EQ(create(slice)["addressType"], "IPv6");
}

TEST_F(ApiServerEndpointSlicesTest, AnAddressTypeIsRequiredAndMustBeKnown) {
  json slice = aSlice();
  slice.erase("addressType");
  EXPECT_EQ(
      refused(slice).body["details"]["causes"][0],
      json::parse(R"({"reason":"FieldValueRequired","message":"Required value","field":"addressType"})"));
  slice["addressType"] = "IP";
  EXPECT_EQ(refused(slice).body["details"]["causes"][0]["message"],
            "Unsupported value: \"IP\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"");
}

TEST_F(ApiServerEndpointSlicesTest, AnEndpointWithoutAddressesIsInvalid) {
  json slice = aSlice();
  slice["endpoints"][0]["addresses"] = json::array();
  EXPECT_EQ(refused(slice).body["details"]["causes"][0]["message"],
            "Required value: must contain at least 1 address");
}

TEST_F(ApiServerEndpointSlicesTest, ABadPortNameIsInvalid) {
  json slice = aSlice();
  slice["ports"][0]["name"] = "Postgres_SQL";
  const json cause = refused(slice).body["details"]["causes"][0];
  EXPECT_EQ(cause["field"], "ports[0].name");
  EXPECT_EQ(
      cause["message"],
      "Invalid value: \"Postgres_SQL\": a lowercase RFC 1123 label must consist of lower case alphanumeric "
      "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
      "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
}

TEST_F(ApiServerEndpointSlicesTest, PortNamesMustBeUniqueAndProtocolsKnown) {
  json slice = aSlice();
  slice["ports"] =
      json::array({{{"name", "pg"}, {"port", 5432}}, {{"name", "pg"}, {"port", 5433}, {"protocol", "HTTP"}}});
  const json causes = refused(slice).body["details"]["causes"];
  ASSERT_EQ(causes.size(), 2U) << causes.dump();
  EXPECT_EQ(causes[0], json::parse(R"({"reason":"FieldValueDuplicate","message":"Duplicate value: \"pg\"",
                                       "field":"ports[1].name"})"));
  EXPECT_EQ(causes[1]["message"],
            "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
}

TEST_F(ApiServerEndpointSlicesTest, AnInvalidLabelIsRefused) {
  json slice = aSlice();
  slice["metadata"]["labels"]["kubernetes.io/service-name"] = "db lecter";
  const json cause = refused(slice).body["details"]["causes"][0];
  EXPECT_EQ(cause["field"], "metadata.labels");
  EXPECT_NE(
      cause.value("message", "").find("Invalid value: \"db lecter\": a valid label must be an empty string"),
      std::string::npos)
      << cause.dump();
}

TEST_F(ApiServerEndpointSlicesTest, SeveralErrorsAreListedInBrackets) {
  json slice = aSlice();
  slice["endpoints"][0]["addresses"] = {"127.0.0.1"};
  slice["ports"][0]["name"] = "PG";
  const std::string message = refused(slice).body["message"];
  EXPECT_EQ(message.find("EndpointSlice.discovery.k8s.io \"db-lecter\" is invalid: [ports[0].name: "), 0U)
      << message;
  EXPECT_NE(message.find(", endpoints[0].addresses[0]: Invalid value: \"127.0.0.1\""), std::string::npos)
      << message;
  EXPECT_EQ(message.back(), ']');
}

TEST_F(ApiServerEndpointSlicesTest, AYamlBodyIsDecodedToo) {
  const std::string yaml =
      "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
      "metadata:\n  name: db-lecter\n  labels: {kubernetes.io/service-name: db}\n"
      "addressType: IPv4\nendpoints:\n- addresses: [198.18.0.10]\n  conditions: {ready: true}\n"
      "ports:\n- {name: pg, port: 5432, protocol: TCP}\n";
  const Answer answer = send(api_, "POST", kSlices, yaml, "application/yaml");
  EXPECT_EQ(answer.status, 201) << answer.body.dump();
  EXPECT_EQ(answer.body["ports"][0]["port"], 5432);
  EXPECT_EQ(api_.sliceEndpoints("prod", "db"), (std::map<std::string, bool>{{"198.18.0.10", true}}));
}

TEST_F(ApiServerEndpointSlicesTest, AReadOnlyTokenMayReadButNotWrite) {
  const json stored = create(aSlice());
  EXPECT_EQ(send(api_, "GET", slicePath("db-lecter"), "", "", "ro").status, 200);

  json other = aSlice("other");
  const Answer created = send(api_, "POST", kSlices, other.dump(), "application/json", "ro");
  EXPECT_EQ(created.status, 403);
  EXPECT_EQ(
      created.body["message"],
      "endpointslices.discovery.k8s.io is forbidden: User \"system:serviceaccount:lecter-test:read-only\" "
      "cannot create resource \"endpointslices\" in API group \"discovery.k8s.io\" in the namespace "
      "\"prod\"");
  EXPECT_EQ(send(api_, "PUT", slicePath("db-lecter"), stored.dump(), "application/json", "ro").status, 403);
  EXPECT_EQ(send(api_, "DELETE", slicePath("db-lecter"), "", "", "ro").status, 403);
  EXPECT_EQ(api_.endpointSlices("prod").size(), 1U);
}

TEST_F(ApiServerEndpointSlicesTest, AnUnknownTokenIsA401) {
  EXPECT_EQ(send(api_, "POST", kSlices, aSlice().dump(), "application/json", "stolen").status, 401);
  EXPECT_TRUE(api_.endpointSlices("prod").empty());
}

TEST_F(ApiServerEndpointSlicesTest, AnotherWriterCreatesUpdatesAndDeletesThroughTheFixture) {
  const json created = api_.putEndpointSlice("prod", "b", aSlice("ignored"));
  EXPECT_EQ(created["metadata"]["name"], "b");
  json changed = aSlice();
  changed["endpoints"] = endpointsWithAddresses(2);
  const json updated = api_.putEndpointSlice("prod", "b", changed);
  EXPECT_EQ(updated["metadata"]["uid"], created["metadata"]["uid"]);
  api_.putEndpointSlice("prod", "a", aSlice());
  ASSERT_EQ(api_.endpointSlices("prod").size(), 2U);
  EXPECT_EQ(api_.endpointSlices("prod")[0]["metadata"]["name"], "a");  // sorted by name
  api_.deleteEndpointSlice("prod", "a");
  EXPECT_EQ(api_.endpointSlices("prod").size(), 1U);

  json invalid = aSlice();
  invalid["endpoints"][0]["addresses"] = {"127.0.0.1"};
  EXPECT_THROW(api_.putEndpointSlice("prod", "b", invalid), std::runtime_error);
}

TEST_F(ApiServerEndpointSlicesTest, SliceEndpointsJoinsTheSlicesOfOneServiceOnly) {
  json v6 = aSlice("db-v6");
  v6["addressType"] = "IPv6";
  v6["endpoints"] = json::array(
      {{{"addresses", {"2001:2::10"}}, {"conditions", {{"ready", false}}}}, {{"addresses", {"2001:2::11"}}}});
  json other = aSlice("cache");
  other["metadata"]["labels"]["kubernetes.io/service-name"] = "cache";
  other["endpoints"] = json::array({{{"addresses", {"198.18.1.1"}}}});
  create(aSlice());
  create(v6);
  create(other);
  EXPECT_EQ(api_.sliceEndpoints("prod", "db"),
            (std::map<std::string, bool>{
                {"198.18.0.10", true}, {"198.18.0.11", false}, {"2001:2::10", false}, {"2001:2::11", true}}));
}

TEST(EndpointSliceStoreHistoryTest, EveryWriteIsRecordedWithIncreasingResourceVersions) {
  ObjectHistory history;
  EndpointSliceStore slices(history);
  ASSERT_EQ(slices.create("prod", aSlice()).code, 201);
  json changed = aSlice();
  changed["endpoints"] = endpointsWithAddresses(1);
  ASSERT_EQ(slices.update("prod", "db-lecter", changed).code, 200);
  ASSERT_EQ(slices.update("prod", "db-lecter", changed).code, 200);  // no change: no event
  ASSERT_EQ(slices.remove("prod", "db-lecter").code, 200);

  const std::vector<ObjectChange>& changes = history.changes();
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_EQ(changes[0].type, "ADDED");
  EXPECT_EQ(changes[1].type, "MODIFIED");
  EXPECT_EQ(changes[2].type, "DELETED");
  for (const ObjectChange& change : changes) {
    EXPECT_EQ(change.resource, "endpointslices");
    EXPECT_EQ((*change.object)["kind"], "EndpointSlice");
    EXPECT_EQ((*change.object)["apiVersion"], "discovery.k8s.io/v1");
    EXPECT_EQ((*change.object)["metadata"]["resourceVersion"], std::to_string(change.resource_version));
  }
  EXPECT_LT(changes[0].resource_version, changes[1].resource_version);
  EXPECT_LT(changes[1].resource_version, changes[2].resource_version);
  EXPECT_EQ(changes[2].resource_version, history.current());
  EXPECT_EQ((*changes[2].object)["endpoints"][0]["addresses"][0], "198.18.0.1");  // as it was when deleted
}

}  // namespace
}  // namespace lecter::testing
