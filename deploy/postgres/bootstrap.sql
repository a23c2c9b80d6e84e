-- What a database administrator sets up once, before the first migration: the three roles,
-- the database, and the extensions (which only a superuser may create).
-- Run as a superuser with psql, passing the two login passwords as variables:
--   psql "$ADMIN_URL" -v owner_password=… -v app_password=… -f deploy/postgres/bootstrap.sql
-- Idempotent: roles and the database are created when missing, attributes always (re)applied.
\set ON_ERROR_STOP on

SELECT 'CREATE ROLE cauldron_owner'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cauldron_owner') \gexec
SELECT 'CREATE ROLE cauldron_app'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cauldron_app') \gexec
SELECT 'CREATE ROLE cauldron_system'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cauldron_system') \gexec

-- Runs the migrations and owns every table. It creates no roles, and row-level security
-- applies to it as well (every tenant table has FORCE ROW LEVEL SECURITY).
ALTER ROLE cauldron_owner LOGIN CREATEDB NOCREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD :'owner_password';
-- The services' role: row-level security applies to it. NOINHERIT: the system role's privileges
-- apply only after an explicit SET ROLE, never inside a tenant's transaction.
ALTER ROLE cauldron_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_password';
-- System work (auth lookups, relays): entered with SET LOCAL ROLE cauldron_system, never logged into.
ALTER ROLE cauldron_system NOLOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT cauldron_system TO cauldron_app;
-- The owner makes cauldron_system the owner of the SECURITY DEFINER functions (they read across
-- tenants) and enters it explicitly for cross-tenant data work.
GRANT cauldron_system TO cauldron_owner;

-- template0: a clean database, without whatever the server's template1 carries.
SELECT 'CREATE DATABASE cauldron OWNER cauldron_owner TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'cauldron') \gexec

\connect cauldron
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE;
