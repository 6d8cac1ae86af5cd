// The parties of a typed encounter (encounter.hpp): addresses and contacts, providers, the
// subscriber and the dependent patient, the submitter and the receiver. Plain values like the rest
// of the model: copyable, no invariants enforced here; not thread-safe to mutate.
#pragma once

#include <string>
#include <vector>

#include "edi/hipaa/encounter_parts.hpp"

namespace edi::hipaa {

struct Address {
  std::string address1;
  std::string address2;
  std::string city;
  std::string state;        // 2 letters
  std::string postal_code;  // 5 or 9 digits
  bool empty() const { return address1.empty() && city.empty() && postal_code.empty(); }
};

struct Contact {
  std::string name;
  std::string phone_number;  // digits only, e.g. 5555550100
  std::string email;
  // PER EX, after the phone number. Last, with an initializer, so {name, phone, email} still
  // initializes every member.
  std::string phone_extension = {};
};

// A provider (billing, rendering, referring, supervising, attending, operating, pay-to): an
// organization when organization_name is set, else a person.
struct Provider {
  std::string npi;
  std::string employer_id;  // EIN, 9 digits (REF*EI)
  std::string ssn;          // when the provider bills under a social security number (REF*SY)
  std::string taxonomy_code;
  std::string organization_name;
  std::string last_name;
  std::string first_name;
  std::string middle_name;
  std::string suffix;
  Address address;
  Contact contact;
  std::vector<SecondaryId> secondary_ids = {};  // REF after the name (not EI/SY)

  bool present() const { return !npi.empty() || !organization_name.empty() || !last_name.empty(); }
  bool is_organization() const { return !organization_name.empty(); }
};

struct Person {
  std::string member_id;
  std::string first_name;
  std::string last_name;
  std::string middle_name;
  std::string suffix;
  std::string gender;         // M, F, U
  std::string date_of_birth;  // CCYYMMDD
  Address address;
  std::string property_casualty_claim_number = {};  // REF*Y4 (2010BA/2010CA)
  Contact contact = {};  // PER (property and casualty patient contact)
  // PAT05-09 of the patient (2000B when the subscriber is the patient, else 2000C).
  std::string death_date = {};           // PAT06 (PAT05 D8)
  std::string weight_pounds = {};        // PAT08 (PAT07 01)
  std::string pregnancy_indicator = {};  // PAT09 Y
};

struct Subscriber : Person {
  std::string payment_responsibility = "P";  // SBR01: P primary, S secondary, T tertiary ...
  std::string group_number;                  // SBR03
  std::string group_name;                    // SBR04
  std::string insurance_type_code;           // SBR05 (secondary payer type, e.g. 12)
};

struct Dependent : Person {
  std::string relationship_to_subscriber;  // PAT01 / SBR02 code, e.g. 19 child, 01 spouse
};

struct Submitter {
  std::string organization_name;
  std::string id;  // 1000A NM109 (ETIN); the interchange sender id when empty
  Contact contact;
};

struct Receiver {
  std::string organization_name;
  std::string id;  // 1000B NM109; the payer id when empty
};

}  // namespace edi::hipaa
