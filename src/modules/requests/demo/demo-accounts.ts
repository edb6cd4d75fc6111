/**
 * The demo InfluxCloud account database (fictitious people only): accounts, their invoices (kept
 * for legal retention), and network access logs (kept twelve months), described as a Fides
 * dataset so the demo's erasure runs through the real connector with the workspace's exceptions.
 */
export const DEMO_ACCOUNTS_SQL = `
CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, birth_year INTEGER, flagged_fraud INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE invoices (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id), billing_name TEXT, amount_cents INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE access_logs (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id), ip TEXT, logged_at TEXT NOT NULL);
INSERT INTO accounts VALUES (1, 'marta.example@example.org', 'Marta Example', 1984, 0, datetime('now', '-3 years'));
INSERT INTO accounts VALUES (2, 'kid.example@example.org', 'Kid Example', 2014, 0, datetime('now', '-4 months'));
INSERT INTO accounts VALUES (3, 'other.example@example.org', 'Other Example', 1990, 0, datetime('now', '-2 years'));
INSERT INTO invoices VALUES (1, 1, 'Marta Example', 4900, datetime('now', '-14 months'));
INSERT INTO invoices VALUES (2, 1, 'Marta Example', 4900, datetime('now', '-2 months'));
INSERT INTO invoices VALUES (3, 3, 'Other Example', 9900, datetime('now', '-1 months'));
INSERT INTO access_logs VALUES (1, 1, '198.51.100.7', datetime('now', '-26 months'));
INSERT INTO access_logs VALUES (2, 1, '198.51.100.7', datetime('now', '-3 days'));
INSERT INTO access_logs VALUES (3, 2, '203.0.113.9', datetime('now', '-20 days'));
INSERT INTO access_logs VALUES (4, 3, '192.0.2.1', datetime('now', '-1 days'));
`;

export const DEMO_ACCOUNTS_DATASET = `dataset:
  - fides_key: influxcloud
    name: InfluxCloud accounts (demo)
    collections:
      - name: accounts
        fields:
          - name: id
            data_categories: [user.unique_id]
            fides_meta: { primary_key: true }
          - name: email
            data_categories: [user.contact.email]
            fides_meta: { identity: email, data_type: string }
          - name: name
            data_categories: [user.name]
          - name: birth_year
            data_categories: [user.demographic.date_of_birth]
            fides_meta: { data_type: integer }
          - name: flagged_fraud
            data_categories: [system.operations]
          - name: created_at
            data_categories: [system.operations]
      - name: invoices
        fields:
          - name: id
            data_categories: [system.operations]
            fides_meta: { primary_key: true }
          - name: account_id
            data_categories: [user.unique_id]
            fides_meta:
              references: [{ dataset: influxcloud, field: accounts.id, direction: from }]
          - name: billing_name
            data_categories: [user.financial]
          - name: amount_cents
            data_categories: [system.operations]
          - name: created_at
            data_categories: [system.operations]
      - name: access_logs
        fields:
          - name: id
            data_categories: [system.operations]
            fides_meta: { primary_key: true }
          - name: account_id
            data_categories: [user.unique_id]
            fides_meta:
              references: [{ dataset: influxcloud, field: accounts.id, direction: from }]
          - name: ip
            data_categories: [user.device.ip_address]
          - name: logged_at
            data_categories: [system.operations]
`;
