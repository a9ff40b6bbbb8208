//! `leafpress preview`: a local web page where a translator sees every layout of their language
//! beside English, updated in place a few tens of milliseconds after each save.
//!
//! Three parts share one [`Hub`]: [`rounds`] watches the project and recompiles what a save
//! changed, in Typst worlds it keeps from round to round, and publishes the new pages before it
//! runs the slower checks; [`server`] answers the page's fixed set of routes; [`pages`] turns
//! laid-out pages into SVG images and text layers on request, cached by page hash; [`review`]
//! writes a text a reviewer edited or approved on a page into its language file.

mod areas;
mod pages;
mod review;
mod rounds;
mod server;
mod watch;
mod writers;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use typst_layout::Page;

use crate::checks::Diagnostic;
use crate::error::{Error, Result};
use crate::plan::{Job, Options};
use crate::project::Project;

/// Makes the build options from a freshly loaded project (the organisation file is read anew,
/// so that editing it updates the preview too).
pub type MakeOptions = Box<dyn Fn(&Project) -> Result<Options> + Send>;

/// How a preview is started.
pub struct Settings {
    /// The project directory.
    pub dir: PathBuf,
    /// The language the page opens with.
    pub lang: String,
    /// The address to listen on: loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// The organisation file, watched like the project's files.
    pub org: Option<PathBuf>,
    /// Turns a loaded project into the options every document is made with.
    pub options: MakeOptions,
    /// How long a document may take to lay out before it is stopped and shown as failed.
    pub timeout: Duration,
}

/// Names a document: its folder (a language code, or `multi`) and its layout.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocKey {
    /// The language code, or `multi` for a layout that carries every language.
    pub folder: String,
    /// The layout's name.
    pub layout: String,
}

impl DocKey {
    /// The key of `job`'s document.
    pub fn of(job: &Job) -> Self {
        Self { folder: job.folder().to_string(), layout: job.layout.name.clone() }
    }
}

/// One document as last laid out.
pub struct Doc {
    /// What it is.
    pub job: Job,
    /// Its pages as printed (imposed, for the card sheet), from the last round that laid it out.
    pub pages: Vec<Page>,
    /// Each page's hash, which names its image.
    pub hashes: Vec<u128>,
    /// Why the last round could not lay it out; the pages are then from an earlier round.
    pub error: Option<String>,
    /// What the checks found in these pages; `None` while they run.
    pub findings: Option<Vec<Diagnostic>>,
}

/// The last round: how long it took.
#[derive(Debug, Clone)]
pub struct Round {
    /// From the first file event (or the start) to its last pages being published.
    pub elapsed: Duration,
}

/// What the page shows now, which the builder lays out first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// The language chosen.
    pub lang: String,
    /// The layout shown, once the page has said.
    pub layout: Option<String>,
}

/// What the page shows, replaced piece by piece by the builder and read by the server.
pub struct State {
    /// Counts publications; the page fetches the state again when it changes.
    pub generation: u64,
    /// The last project that loaded.
    pub project: Arc<Project>,
    /// The options its documents are made with.
    pub options: Arc<Options>,
    /// Why the project does not load now (a TOML error, say), shown over the last good pages.
    pub error: Option<String>,
    /// Every document laid out so far, by key.
    pub docs: BTreeMap<DocKey, Doc>,
    /// Problems in the content rather than in a document, by language code: untranslated and
    /// stale texts, characters no font has, and web addresses.
    pub content_problems: BTreeMap<String, Vec<(String, Diagnostic)>>,
    /// The languages kept up to date: English, and every language a page has asked for.
    pub active: BTreeSet<String>,
    /// What the page shows now.
    pub focus: Focus,
    /// Whether a round is laying out documents, some of which are not published yet.
    pub updating: bool,
    /// Whether the checks are running on the latest pages.
    pub checking: bool,
    /// The last round.
    pub round: Option<Round>,
}

/// What the builder and the server share.
pub struct Hub {
    state: Mutex<State>,
    /// Rung (with `state` locked) at every publication, for the page's event stream.
    bell: Condvar,
    /// Page images by page hash.
    svgs: Mutex<HashMap<u128, Arc<String>>>,
    /// Wakes the builder: files changed, or a page asks for a language.
    wake: Mutex<Sender<rounds::Event>>,
    /// Set while an event waits for the builder, so that the checks give way to a new round.
    pending: AtomicBool,
    /// The language the page opens with.
    pub default_lang: String,
    /// How long a document may take to lay out (or to make as a PDF) before it is stopped.
    pub timeout: Duration,
    /// The review mode's token and write lock.
    review: review::Session,
}

impl Hub {
    /// The state, locked; a panic elsewhere does not make it unreadable.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes what `change` does to the state, and tells every open page.
    pub fn publish(&self, change: impl FnOnce(&mut State)) {
        let mut state = self.state();
        change(&mut state);
        state.generation += 1;
        self.bell.notify_all();
    }

    /// Waits until the state is newer than `seen` or `timeout` passes; returns the generation.
    pub fn wait_newer(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.state();
        let (state, _) = self
            .bell
            .wait_timeout_while(state, timeout, |s| s.generation <= seen)
            .unwrap_or_else(PoisonError::into_inner);
        state.generation
    }

    /// Asks the builder to keep `lang` up to date, if it is not already.
    pub fn activate(&self, lang: &str) {
        if self.state().active.contains(lang) {
            return;
        }
        self.send(rounds::Event::Activate(lang.to_string()));
    }

    /// Hands an event to the builder, marking it pending.
    fn send(&self, event: rounds::Event) {
        self.pending.store(true, Ordering::SeqCst);
        let wake = self.wake.lock().unwrap_or_else(PoisonError::into_inner);
        // The builder only stops when the process does.
        let _ = wake.send(event);
    }

    /// Whether an event waits for the builder.
    fn is_pending(&self) -> bool {
        self.pending.load(Ordering::SeqCst)
    }
}

/// Opens the project, starts the server and the builder, prints the address, and serves until
/// the process is stopped.
pub fn run(settings: Settings) -> Result<()> {
    let project = Project::open(&settings.dir)?;
    if project.content.language(&settings.lang).is_none() {
        let codes: Vec<&str> = project.content.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(Error::Usage {
            message: format!("there is no language `{}`", settings.lang),
            hint: format!("the languages are: {}", codes.join(", ")),
        });
    }
    let options = (settings.options)(&project)?;
    let (wake, events) = mpsc::channel();
    let active =
        BTreeSet::from([crate::content::SOURCE_LANGUAGE.to_string(), settings.lang.clone()]);
    let hub = Arc::new(Hub {
        state: Mutex::new(State {
            generation: 0,
            project: Arc::new(project),
            options: Arc::new(options),
            error: None,
            docs: BTreeMap::new(),
            content_problems: BTreeMap::new(),
            active,
            focus: Focus { lang: settings.lang.clone(), layout: None },
            updating: true,
            checking: false,
            round: None,
        }),
        bell: Condvar::new(),
        svgs: Mutex::new(HashMap::new()),
        wake: Mutex::new(wake),
        pending: AtomicBool::new(false),
        default_lang: settings.lang.clone(),
        timeout: settings.timeout,
        review: review::Session::new()?,
    });
    let server = server::start(hub.clone(), settings.bind, settings.port)?;
    let _watcher = watch::watch(&settings.dir, settings.org.as_deref(), hub.clone())?;
    let name = language_name(&hub, &settings.lang);
    crate::outln!("preview of {name} at http://{}/ (ctrl-c to stop)", server.address);
    rounds::Builder::new(hub, settings.options, events).run();
    Ok(())
}

/// "Tigrinya (ti)", for the first line the preview prints.
fn language_name(hub: &Hub, code: &str) -> String {
    let state = hub.state();
    match state.project.content.language(code) {
        Some(language) => format!("{} ({code})", language.english_name),
        None => code.to_string(),
    }
}
