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

-- Runs the migrations and owns every table.
ALTER ROLE cauldron_owner LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD :'owner_password';
-- The services' role: row-level security applies to it.
ALTER ROLE cauldron_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
-- System work (auth lookups, relays): entered with SET LOCAL ROLE cauldron_system, never logged into.
ALTER ROLE cauldron_system NOLOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT cauldron_system TO cauldron_app;

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
